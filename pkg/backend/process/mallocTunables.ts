/**
 * glibc's malloc, tuned for this backend. A query reads a month of JSON-RPC answers: ~100,000 socket
 * reads, each a buffer of up to 64 KiB that lives until V8 collects its wrapper, while V8's worker
 * threads compile and mark. By default glibc gives each thread an arena of its own and keeps freed
 * space in every arena, so ~50 MiB of the process stayed resident after the first seconds of a query
 * (docs/backend-memory.md). One arena, buffers of 64 KiB and more mapped on their own (returned the
 * moment they are freed), and free space above 128 KiB handed back: about 20 MiB less at the peak.
 *
 * glibc reads GLIBC_TUNABLES only when a process starts, and Grafana starts the plugin with its own
 * environment. So the executable, once started, replaces itself (execve: same pid, same stdio, same
 * arguments; Grafana sees one process and one handshake) with the same program and the tunables set.
 * This module only decides; `restartTuned.ts` does it. Node aborts the process when that execve fails,
 * which it does only where the kernel cannot run the file again (run by hand under qemu-user, without
 * binfmt_misc): there, set GLIBC_TUNABLES (even empty) and the executable starts as it is.
 */

/** The GLIBC_TUNABLES the backend runs with (see above for each). */
export const MALLOC_TUNABLES = [
  'glibc.malloc.arena_max=1',
  'glibc.malloc.mmap_threshold=65536',
  'glibc.malloc.trim_threshold=131072',
].join(':');

/** Set in the replacing process's environment, so it never replaces itself again. */
export const RESTARTED_MARK = 'PMM_MONITOR_MALLOC_TUNED';

export interface StartFacts {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Running as the single executable (not `tsx pkg/backend/main.ts` in development or tests). */
  isSea: boolean;
  /** `process.execve` exists (Node ≥ 22.15 / 23.11). */
  canExecve: boolean;
}

export type RestartPlan =
  | { restart: true; env: NodeJS.ProcessEnv }
  | { restart: false; tuned: boolean; why: string };

/** Whether to replace this process with a tuned one, and with which environment. */
export function restartPlan({ env, platform, isSea, canExecve }: StartFacts): RestartPlan {
  if (env[RESTARTED_MARK] === '1') {
    return { restart: false, tuned: true, why: `malloc tuned (GLIBC_TUNABLES=${env.GLIBC_TUNABLES ?? ''})` };
  }
  if (platform !== 'linux') {
    return { restart: false, tuned: false, why: `malloc not tuned: GLIBC_TUNABLES is glibc's (this is ${platform})` };
  }
  if (!isSea) {
    return { restart: false, tuned: false, why: 'malloc not tuned: not running as the single executable' };
  }
  if (env.GLIBC_TUNABLES !== undefined) {
    // Whoever set it knows their machine better than our defaults do (and an empty one opts out).
    return { restart: false, tuned: false, why: `malloc as set by the environment (GLIBC_TUNABLES=${env.GLIBC_TUNABLES})` };
  }
  if (!canExecve) {
    return { restart: false, tuned: false, why: 'malloc not tuned: this Node has no process.execve' };
  }
  return { restart: true, env: { ...env, GLIBC_TUNABLES: MALLOC_TUNABLES, [RESTARTED_MARK]: '1' } };
}
