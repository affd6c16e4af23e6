import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { findPlan, type KpiDefinition } from '../../src/core/catalogue';
import { main } from './main';

type Printed = KpiDefinition & { planIds: string[] };

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: { write: (t: string) => (out += t) },
    err: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

function checkPrinted(kpis: Printed[]) {
  expect(kpis).toHaveLength(24);
  for (const kpi of kpis) {
    expect(kpi.target).toEqual(expect.any(String));
    expect(kpi.bands.length).toBeGreaterThanOrEqual(2);
    expect(kpi.planIds.length).toBeGreaterThan(0);
    for (const id of kpi.planIds) {
      expect(findPlan(id)).toBeDefined();
    }
  }
}

describe('pmm-monitor catalogue', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pmm-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--json prints the 24 KPIs with target, bands and existing plan ids', async () => {
    const { code, out } = await run(['catalogue', '--json']);
    expect(code).toBe(0);
    checkPrinted(JSON.parse(out));
  });

  it('prints a table by area with the bands in one line', async () => {
    const { code, out } = await run(['catalogue']);
    expect(code).toBe(0);
    expect(out).toMatch(/^UPTIME/);
    expect(out).toMatch(
      /uptime\s+percent\s+≥ 99\.5 %\s+critical < 98 ≤ warning < 99\.5 ≤ ok\s+uptime-critical, uptime-warning/
    );
    expect(out).toMatch(/24 KPIs\n$/);
  });

  it('--config applies a data source’s band overrides', async () => {
    const file = path.join(dir, 'ds.json');
    await writeFile(file, JSON.stringify({ bandOverrides: { uptime: { edges: [95, 99] } } }));
    const { code, out } = await run(['catalogue', '--json', '--config', file]);
    expect(code).toBe(0);
    const uptime = (JSON.parse(out) as Printed[]).find((kpi) => kpi.id === 'uptime')!;
    expect(uptime.bands.map((step) => step.from)).toEqual([null, 95, 99]);
  });

  it('--config with a bad override names it and exits 2', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ bandOverrides: { uptim: { edges: [1, 2] } } }));
    const { code, out, err } = await run(['catalogue', '--config', file]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/band overrides: "uptim" names no KPI/);
  });

  it('an unknown option or command is a usage error, not a crash', async () => {
    const option = await run(['catalogue', '--jsn']);
    expect(option.code).toBe(2);
    expect(option.err).toMatch(/Unknown option '--jsn'/);
    expect(option.err).toMatch(/pmm-monitor catalogue \[--json\]/);
    const command = await run(['catalogu']);
    expect(command.code).toBe(2);
    expect(command.err).toMatch(/unknown command "catalogu"/);
  });

  it('runs as a user runs it: npx pmm-monitor catalogue --json', async () => {
    const root = path.resolve(__dirname, '../..');
    const { stdout } = await promisify(execFile)('npx', ['--no-install', 'pmm-monitor', 'catalogue', '--json'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    checkPrinted(JSON.parse(stdout));
  }, 60_000);
});
