/**
 * The conformance referee's runner (`tsx tests/conformance/run.ts [--arch amd64|arm64] [-- go test args]`):
 * builds the backend executable when it is missing or older than the sources, starts a 3-day demo
 * world, writes the data source settings and the KPI catalogue to a temporary folder, runs the Go
 * suite beside this file (`go test -v`) against them, stops everything and exits with go test's code.
 * Without Go on the PATH it says so and exits 0: `npm test` and machines without Go never need it.
 *
 * --arch arm64 runs the arm64 executable under qemu-user (`qemu-aarch64 -L /usr/aarch64-linux-gnu`)
 * when both are installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..');
const HERE = __dirname;
const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };
const QEMU: Record<string, string[]> = { arm64: ['qemu-aarch64', '-L', '/usr/aarch64-linux-gnu'] };

const say = (line: string) => process.stderr.write(`conformance: ${line}\n`);

function goVersion(): string | undefined {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  return go.status === 0 ? go.stdout.trim() : undefined;
}

function executableName(): string {
  const pluginJson = JSON.parse(readFileSync(path.join(ROOT, 'src/datasource/plugin.json'), 'utf8')) as {
    executable?: string;
  };
  return pluginJson.executable || 'gpx_pmm';
}

/** Newest modification time of the TypeScript the backend bundles (pkg/ and src/, tests excluded). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
        newest = Math.max(newest, newestSource(full));
      }
    } else if (/\.(ts|json|proto)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

function ensureExecutable(goArch: string, force: boolean): string {
  const executable = path.join(ROOT, 'dist', 'datasource', `${executableName()}_linux_${goArch}`);
  const sources = Math.max(newestSource(path.join(ROOT, 'pkg')), newestSource(path.join(ROOT, 'src')));
  const stale = existsSync(executable) && statSync(executable).mtimeMs < sources;
  if (force || !existsSync(executable) || stale) {
    say(
      `${force ? 'building' : stale ? 'rebuilding (sources are newer)' : 'building'} ${path.relative(ROOT, executable)}`
    );
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-backend.mjs'), '--arch', goArch], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0 || !existsSync(executable)) {
      throw new Error(`building the backend executable failed (exit ${build.status})`);
    }
  }
  return executable;
}

/** Runs `go test -v`, echoing its output and collecting the `conformance-metric name=value` lines. */
function runGoTest(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number; metrics: Map<string, string> }> {
  return new Promise((resolve) => {
    const child = spawn('go', ['test', '-v', '-count=1', '-timeout', '15m', ...args, './...'], {
      cwd: HERE,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const metrics = new Map<string, string>();
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const found = /conformance-metric (\w+)=(\S+)/.exec(line);
        if (found) {
          metrics.set(found[1], found[2]);
        }
      }
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ code: code ?? (signal ? 128 + 15 : 1), metrics });
    });
  });
}

function summary(executable: string, metrics: Map<string, string>): string {
  const mib = (bytes: string | undefined) => (bytes ? `${(Number(bytes) / 2 ** 20).toFixed(0)} MiB` : 'n/a');
  const ms = (value: string | undefined) => (value ? `${value} ms` : 'n/a');
  return [
    `executable ${path.relative(ROOT, executable)}: ${mib(String(statSync(executable).size))}`,
    `start to dispensable ${ms(metrics.get('start_to_dispensable_ms'))}, Kill ${ms(metrics.get('kill_ms'))}, ` +
      `CheckHealth ${ms(metrics.get('check_health_ms'))}`,
    `every KPI instant ${ms(metrics.get('query_all_instant_ms'))}, range ${ms(metrics.get('query_all_range_ms'))}; ` +
      `RSS after them ${mib(metrics.get('rss_after_range_bytes'))}, peak ${mib(metrics.get('rss_peak_bytes'))}`,
  ]
    .map((line) => `conformance: ${line}`)
    .join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      arch: { type: 'string', default: GOARCH[arch()] ?? arch() },
      build: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  const go = goVersion();
  if (!go) {
    process.stdout.write('conformance skipped: Go not found\n');
    return 0;
  }
  const goArch = values.arch;
  let runner: string[] = [];
  if (goArch !== GOARCH[arch()]) {
    runner = QEMU[goArch] ?? [];
    const qemuReady =
      runner.length > 0 && spawnSync(runner[0], ['--version']).status === 0 && existsSync(runner[2] ?? '');
    if (!qemuReady) {
      process.stdout.write(`conformance skipped: cannot run linux_${goArch} here (no ${runner[0] ?? 'emulator'})\n`);
      return 0;
    }
  }
  say(`${go}; ${process.version}`);
  const executable = ensureExecutable(goArch, values.build);

  const work = mkdtempSync(path.join(tmpdir(), 'pmm-conformance-'));
  const { startDemoWorld } = await import('../../pkg/demo/demoWorld');
  const { demoSettings } = await import('../../pkg/demo/datasourceSettings');
  const { KPIS } = await import('../../src/core/catalogue');
  say('starting a 3-day demo world');
  const world = await startDemoWorld({ days: 3, port: 0, endpointsPort: 0, log: (line) => say(`demo: ${line}`) });
  try {
    const settingsFile = path.join(work, 'settings.json');
    const catalogueFile = path.join(work, 'catalogue.json');
    writeFileSync(settingsFile, JSON.stringify(demoSettings(world), null, 2));
    writeFileSync(catalogueFile, JSON.stringify(KPIS, null, 2));
    say(`demo world up (${(world.timings.totalMs / 1000).toFixed(1)} s): ${world.rpcUrl}, ${world.endpointsUrl}`);
    const { code, metrics } = await runGoTest(
      {
        ...process.env,
        PMM_CONFORMANCE_EXECUTABLE: executable,
        PMM_CONFORMANCE_RUNNER: runner.join(' '),
        // Under qemu-user the executable's restart (execve of a foreign binary) cannot work, and Node
        // aborts on a failed execve: a GLIBC_TUNABLES already set makes it skip the restart.
        ...(runner.length > 0 ? { GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? '' } : {}),
        PMM_CONFORMANCE_SETTINGS: settingsFile,
        PMM_CONFORMANCE_CATALOGUE: catalogueFile,
      },
      positionals
    );
    process.stdout.write(`${summary(executable, metrics)}\n`);
    return code;
  } finally {
    await world.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    say(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  }
);
