/**
 * Runs anvil as a child process for the demo world: a local chain that answers `eth_call` at every
 * past block, which is what the monitor's historical series read. Stopping it (or the parent exiting)
 * leaves neither a process nor files behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { PmmError } from '../../../src/core/errors';

export interface AnvilOptions {
  /** 0 or undefined: any free port. */
  port?: number;
  host?: '127.0.0.1';
  /** Defaults to 31337 (anvil's own default, which viem's `foundry` chain expects). */
  chainId?: number;
  blockBaseFeePerGas?: number | bigint;
  /** Number of funded dev accounts (anvil's default: 10). */
  accounts?: number;
  /** Ether per dev account (anvil's default: 10,000). */
  balance?: number;
  mnemonic?: string;
  /** false: blocks are mined only on request (`evm_mine`, `anvil_mine`). Default true. */
  autoMine?: boolean;
  /** Unix seconds of the genesis block. */
  timestamp?: number;
  /** Receives anvil's stdout and stderr, line by line. */
  log?: (line: string) => void;
}

export interface AnvilHandle {
  url: string;
  port: number;
  pid: number;
  /** Ends anvil (SIGTERM, SIGKILL after 3 s); safe to call more than once. */
  stop(): Promise<void>;
  /** anvil's peak resident memory so far (0 where /proc is unavailable). */
  peakRssBytes(): number;
}

const BINARY_PACKAGE = '@foundry-rs/anvil-linux-amd64';
const READY_TIMEOUT_MS = 15_000;
const READY_POLL_MS = 50;
const KILL_AFTER_MS = 3_000;
const OUTPUT_TAIL_LINES = 20;
/** Only for ports we picked ourselves: another process may grab one between our probe and anvil's bind. */
const FREE_PORT_ATTEMPTS = 3;
/**
 * `--prune-history N` keeps at most N block states in memory and none on disk (measured: with N = 100,
 * `eth_call` at block 1 of 1,500 fails). Without the flag anvil keeps only recent states in memory,
 * spills older ones to ~/.foundry/anvil/tmp (left there after exit, 90 MB per 1,500 tiny blocks) and
 * drops them after ~3,600 blocks. Memory, not N, is the real limit (it grows about with the square of
 * the block count), so N is simply far above any world we can afford: "keep them all".
 */
const KEPT_STATES = 1_000_000;

/** Resolves the platform binary that `@foundry-rs/anvil` installs as an optional dependency. */
export function anvilBinary(): string {
  let packageJson: string;
  try {
    packageJson = require.resolve(`${BINARY_PACKAGE}/package.json`);
  } catch (cause) {
    throw new PmmError('anvil', `the anvil binary package ${BINARY_PACKAGE} is not installed`, {
      fix: 'run npm install without --omit=optional (the binary comes with @foundry-rs/anvil on linux x64)',
      cause,
    });
  }
  const binary = path.join(path.dirname(packageJson), 'bin', 'anvil');
  if (!existsSync(binary)) {
    throw new PmmError('anvil', `${BINARY_PACKAGE} has no binary at ${binary}`, {
      fix: `reinstall ${BINARY_PACKAGE} (npm install)`,
    });
  }
  return binary;
}

export async function startAnvil(options: AnvilOptions = {}): Promise<AnvilHandle> {
  const host = options.host ?? '127.0.0.1';
  const requested = options.port ?? 0;
  if (!Number.isInteger(requested) || requested < 0 || requested > 65_535) {
    throw new PmmError('anvil', `port ${requested} is not a valid TCP port`, {
      fix: 'pass a port from 1 to 65535, or 0 for any free port',
    });
  }
  const binary = anvilBinary();
  if (requested !== 0) {
    if (!(await isPortFree(host, requested))) {
      throw portInUse(host, requested);
    }
    return launch(binary, host, requested, options);
  }
  for (let attempt = 1; ; attempt++) {
    const port = await freePort(host);
    try {
      return await launch(binary, host, port, options);
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= FREE_PORT_ATTEMPTS) {
        throw error;
      }
    }
  }
}

/** anvil's bind failed after our probe said the port was free: a race we can retry on a new port. */
class PortInUseError extends PmmError {}

function portInUse(host: string, port: number, output?: string): PmmError {
  return new PortInUseError('anvil', `port ${port} on ${host} is in use${output ? `: ${output}` : ''}`, {
    fix: 'pass --port with a free port or stop the other process',
  });
}

function anvilArgs(host: string, port: number, options: AnvilOptions): string[] {
  const args = ['--host', host, '--port', String(port)];
  // The default (latest) hardfork mines empty blocks ~200x slower; our contracts target cancun.
  args.push('--hardfork', 'cancun', '--prune-history', String(KEPT_STATES));
  args.push('--chain-id', String(options.chainId ?? 31337), '--color', 'never');
  const optional: Array<[string, number | bigint | string | undefined]> = [
    ['--block-base-fee-per-gas', options.blockBaseFeePerGas],
    ['--accounts', options.accounts],
    ['--balance', options.balance],
    ['--mnemonic', options.mnemonic],
    ['--timestamp', options.timestamp],
  ];
  for (const [flag, value] of optional) {
    if (value !== undefined) {
      args.push(flag, String(value));
    }
  }
  if (options.autoMine === false) {
    args.push('--no-mining');
  }
  return args;
}

async function launch(binary: string, host: string, port: number, options: AnvilOptions): Promise<AnvilHandle> {
  const url = `http://${host}:${port}`;
  const chainId = options.chainId ?? 31337;
  const child = spawn(binary, anvilArgs(host, port, options), { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collectOutput(child, options.log);
  const exited = exitOf(child);
  reaper.track(child);

  let peak = 0;
  const peakRssBytes = () => {
    peak = Math.max(peak, readPeakRss(child.pid));
    return peak;
  };
  let stopping: Promise<void> | undefined;
  const stop = () => {
    // Sample before the process (and its /proc entry) goes away, so the peak outlives it.
    peakRssBytes();
    stopping ??= terminate(child, exited.promise);
    return stopping;
  };

  try {
    await waitUntilReady({ host, port, url }, chainId, exited, output);
  } catch (error) {
    await stop();
    throw error;
  }
  if (child.pid === undefined) {
    throw new PmmError('anvil', 'anvil started without a process id');
  }
  return { url, port, pid: child.pid, stop, peakRssBytes };
}

interface ExitState {
  promise: Promise<void>;
  /** Set once the process has exited; the readiness loop checks it between polls. */
  status?: string;
  spawnError?: Error;
}

function exitOf(child: ChildProcess): ExitState {
  const state: ExitState = { promise: Promise.resolve() };
  state.promise = new Promise((resolve) => {
    // 'close' rather than 'exit': it waits for the pipes to drain, so the last output is in the tail.
    child.once('close', (code, signal) => {
      state.status = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    // A binary that cannot be executed emits 'error' and never 'exit'.
    child.once('error', (error) => {
      state.spawnError = error;
      state.status ??= `error ${error.message}`;
      resolve();
    });
  });
  return state;
}

interface OutputTail {
  text(): string;
}

/** Drains both pipes (a full pipe would block anvil mid-block) and keeps the last lines for errors. */
function collectOutput(child: ChildProcess, log?: (line: string) => void): OutputTail {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) {
      continue;
    }
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > OUTPUT_TAIL_LINES) {
        lines.shift();
      }
      log?.(line);
    });
  }
  return { text: () => lines.filter((line) => line.trim() !== '').join('\n') };
}

interface Endpoint {
  host: string;
  port: number;
  url: string;
}

async function waitUntilReady(
  endpoint: Endpoint,
  chainId: number,
  exited: ExitState,
  output: OutputTail
): Promise<void> {
  const { url } = endpoint;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited.status !== undefined) {
      throw earlyExit(endpoint, exited, output);
    }
    const answered = await chainIdAt(url);
    if (answered !== undefined) {
      if (answered !== chainId) {
        throw new PmmError(
          'anvil',
          `${url} answers with chain id ${answered}, not ${chainId}: another node holds the port`,
          {
            fix: 'pass --port with a free port or stop the other process',
          }
        );
      }
      return;
    }
    await Promise.race([sleep(READY_POLL_MS), exited.promise]);
  }
  throw new PmmError(
    'anvil',
    `anvil did not answer eth_chainId on ${url} within ${READY_TIMEOUT_MS / 1000} s${tail(output)}`,
    {
      fix: 'check that the machine is not overloaded and that anvil runs on its own (npx anvil --version)',
    }
  );
}

function earlyExit(endpoint: Endpoint, exited: ExitState, output: OutputTail): PmmError {
  const text = output.text();
  if (/address already in use|os error 98/i.test(text)) {
    return portInUse(endpoint.host, endpoint.port, text);
  }
  if (exited.spawnError) {
    return new PmmError('anvil', `could not run the anvil binary: ${exited.spawnError.message}`, {
      fix: `reinstall ${BINARY_PACKAGE} (npm install)`,
      cause: exited.spawnError,
    });
  }
  return new PmmError('anvil', `anvil exited (${exited.status}) before it was ready${tail(output)}`, {
    fix: 'check the options passed to anvil',
  });
}

function tail(output: OutputTail): string {
  const text = output.text();
  return text ? `; its last output:\n${text}` : '';
}

/** The chain id anvil answers with, or undefined while it is not listening yet. */
async function chainIdAt(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1_000),
    });
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'result' in body && typeof body.result === 'string') {
      return Number(body.result);
    }
    return undefined;
  } catch {
    return undefined;
  }
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    await exited;
    return;
  }
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  try {
    await exited;
  } finally {
    clearTimeout(killer);
  }
}

/** VmHWM ("high water mark") in /proc/<pid>/status is the kernel's own record of peak RSS. */
function readPeakRss(pid: number | undefined): number {
  if (pid === undefined) {
    return 0;
  }
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (cause) =>
      reject(
        new PmmError('anvil', `cannot find a free port on ${host}`, { fix: 'pass --port with a free port', cause })
      )
    );
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Kills every anvil this process started when the process ends, so a crashed or interrupted parent
 * leaves no orphan holding memory and a port. One set of process listeners serves all children and is
 * removed with the last one, so tests that start many anvils do not pile up listeners.
 */
const reaper = (() => {
  const children = new Set<ChildProcess>();
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

  // 'exit' handlers must be synchronous: there is no time to wait, so no grace period either.
  const onExit = () => {
    for (const child of children) {
      child.kill('SIGKILL');
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    for (const child of children) {
      child.kill('SIGTERM');
    }
    // Listening to a signal disables Node's default (exit); when nobody else handles it, step aside
    // and raise it again so the parent still dies as it would have without us.
    if (process.listenerCount(signal) === 1) {
      unhook();
      process.kill(process.pid, signal);
    }
  };

  const hook = () => {
    process.on('exit', onExit);
    for (const name of signals) {
      process.on(name, onSignal);
    }
  };
  const unhook = () => {
    process.off('exit', onExit);
    for (const name of signals) {
      process.off(name, onSignal);
    }
  };

  return {
    track(child: ChildProcess) {
      if (children.size === 0) {
        hook();
      }
      children.add(child);
      const forget = () => {
        if (children.delete(child) && children.size === 0) {
          unhook();
        }
      };
      child.once('exit', forget);
      child.once('error', forget);
    },
  };
})();
