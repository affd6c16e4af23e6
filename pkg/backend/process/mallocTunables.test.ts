import { MALLOC_TUNABLES, RESTARTED_MARK, restartPlan } from './mallocTunables';

const facts = { env: { grafana_plugin_type: 'datasource' }, platform: 'linux' as const, isSea: true, canExecve: true };

describe('restartPlan', () => {
  it('restarts the executable once on Linux, with the tunables and the mark added to its environment', () => {
    const plan = restartPlan(facts);
    expect(plan).toEqual({
      restart: true,
      env: { grafana_plugin_type: 'datasource', GLIBC_TUNABLES: MALLOC_TUNABLES, [RESTARTED_MARK]: '1' },
    });
    // The replacing process, started with that environment, must not restart again.
    expect(plan.restart && restartPlan({ ...facts, env: plan.env })).toMatchObject({ restart: false, tuned: true });
  });

  it('leaves alone a GLIBC_TUNABLES someone set, another platform, a development run and an old Node', () => {
    const own = restartPlan({ ...facts, env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=4' } });
    expect(own).toMatchObject({ restart: false, tuned: false });
    expect(!own.restart && own.why).toContain('glibc.malloc.arena_max=4');
    // Empty: how a run under qemu-user (where the execve cannot work) turns the restart off.
    expect(restartPlan({ ...facts, env: { GLIBC_TUNABLES: '' } })).toMatchObject({ restart: false });
    expect(restartPlan({ ...facts, platform: 'darwin' })).toMatchObject({ restart: false, tuned: false });
    expect(restartPlan({ ...facts, isSea: false })).toMatchObject({ restart: false, tuned: false });
    expect(restartPlan({ ...facts, canExecve: false })).toMatchObject({ restart: false, tuned: false });
  });

  it('names only tunables glibc knows, each once', () => {
    const names = MALLOC_TUNABLES.split(':').map((tunable) => tunable.split('=')[0]);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(['glibc.malloc.arena_max', 'glibc.malloc.mmap_threshold', 'glibc.malloc.trim_threshold']).toContain(name);
    }
  });
});
