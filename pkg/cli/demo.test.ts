import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { processAlive } from '../../tests/support/process';

const bin = path.resolve(__dirname, 'bin.mjs');

function run(args: string[]): { child: ChildProcess; output: () => { out: string; err: string } } {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { child, output: () => ({ out, err }) };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('pmm-monitor demo', () => {
  it('runs until SIGTERM, then stops every child process', async () => {
    const { child, output } = run(['demo', '--days', '2']);
    await until(() => output().out.includes('ready:'), 120_000);
    const rpc = /JSON-RPC (http:\/\/127\.0\.0\.1:\d+)/.exec(output().out)?.[1];
    expect(rpc).toBeDefined();
    const answer = await fetch(rpc!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
    });
    expect(((await answer.json()) as { result: string }).result).toMatch(/^0x/);
    const anvilPids = childPids(child.pid!);
    expect(anvilPids.length).toBeGreaterThan(0);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    await until(() => anvilPids.every((pid) => !processAlive(pid)), 5_000);
  }, 180_000);

  it('lives: mines a block every interval, holds no file, and leaves nothing behind on SIGINT (Ctrl-C)', async () => {
    const { child, output } = run(['demo', '--days', '2', '--live-interval', '2']);
    await until(() => output().out.includes('ready:'), 120_000);
    expect(output().out).toMatch(/live: a block every 2 s/);
    const rpc = /JSON-RPC (http:\/\/127\.0\.0\.1:\d+)/.exec(output().out)![1];
    const first = await blockNumber(rpc);
    // The month's 96 blocks came after set-up; live blocks follow every 2 s.
    await until(() => /live: 1 blocks/.test(output().err), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(await blockNumber(rpc)).toBeGreaterThanOrEqual(first + 2);
    const anvilPids = childPids(child.pid!);
    expect(anvilPids.length).toBeGreaterThan(0);
    // anvil keeps its states in memory: no regular file open (only pipes, sockets, /dev/null, anon inodes).
    for (const pid of anvilPids) {
      const files = readdirSync(`/proc/${pid}/fd`).map((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
          return '';
        }
      });
      expect(files.filter((file) => file.startsWith('/') && file !== '/dev/null')).toEqual([]);
    }
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(output().err).toMatch(/SIGINT, stopping/);
    await until(() => anvilPids.every((pid) => !processAlive(pid)), 5_000);
  }, 180_000);

  it('--live=false (as --no-live) stops at the month', async () => {
    const { child, output } = run([
      'demo',
      '--days',
      '2',
      '--live=false',
      '--live-interval',
      '1',
      '--port',
      '0',
      '--endpoints-port',
      '0',
    ]);
    await until(() => output().out.includes('ready:'), 120_000);
    expect(output().out).not.toMatch(/live: a block/);
    const rpc = /JSON-RPC (http:\/\/127\.0\.0\.1:\d+)/.exec(output().out)![1];
    const first = await blockNumber(rpc);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await blockNumber(rpc)).toBe(first);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 180_000);

  it('--check never goes live: it prints the summary and exits', async () => {
    const { child, output } = run(['demo', '--days', '2', '--check', '--live-interval', '1']);
    expect(await exited(child)).toBe(0);
    expect(output().err).not.toMatch(/live:/);
    expect(output().out).not.toMatch(/ready:/);
  }, 180_000);

  it('a taken port is a clear error, not a crash', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as { port: number }).port;
    try {
      const { child, output } = run(['demo', '--days', '2', '--port', String(port)]);
      expect(await exited(child)).toBe(1);
      expect(output().err).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`));
    } finally {
      server.close();
    }
  }, 60_000);

  it('bad options are usage errors', async () => {
    const { child, output } = run(['demo', '--days', 'many']);
    expect(await exited(child)).toBe(2);
    expect(output().err).toMatch(/--days must be an integer/);
  }, 60_000);
});

async function blockNumber(rpc: string): Promise<number> {
  const answer = await fetch(rpc, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
  });
  return Number(((await answer.json()) as { result: string }).result);
}

/** Direct children of a process, from /proc (anvil is spawned by the demo command itself). */
function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}
