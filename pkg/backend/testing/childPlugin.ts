/**
 * Runs the backend as Grafana does, as a child process (`node --import tsx pkg/backend/main.ts` with the magic
 * cookie), and keeps everything it writes: stdout must hold the handshake line and nothing else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const MAIN = path.join(ROOT, 'pkg', 'backend', 'main.ts');

export interface ChildPlugin {
  process: ChildProcess;
  handshake: string;
  socketPath: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code, or the signal that ended it. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

export function spawnPlugin(env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<ChildPlugin> {
  // `node --import tsx`, not the tsx CLI: the CLI is a second process that relays signals over IPC
  // and, on a busy machine, dies of the SIGTERM itself (exit 143) before the plugin has answered it.
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { ...process.env, grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '2', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal }))
  );
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no handshake within ${timeoutMs} ms; stderr:\n${err}`));
    }, timeoutMs);
    const onData = () => {
      const newline = out.indexOf('\n');
      if (newline < 0) {
        return;
      }
      clearTimeout(timer);
      child.stdout.off('data', onData);
      const handshake = out.slice(0, newline);
      resolve({
        process: child,
        handshake,
        socketPath: handshake.split('|')[3] ?? '',
        stdout: () => out,
        stderr: () => err,
        exited: () => exit,
        kill: () => child.kill('SIGKILL'),
      });
    };
    child.stdout.on('data', onData);
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the backend exited (${code ?? signal}) before its handshake; stderr:\n${err}`));
    });
  });
}
