/**
 * `pmm-monitor alerts` as a user runs it on the demo's settings for their own data source: what the
 * issue asks of its output (at most 48 rules, every data query on their data source, every runbook
 * under their Grafana), read from the YAML, not from the generator's types.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

import { main } from './main';

const ROOT = path.join(__dirname, '../..');
const DEMO_SETTINGS = path.join(ROOT, 'pkg/demo/demo-settings.json');

interface Rule {
  uid: string;
  data: Array<{ refId: string; datasourceUid: string }>;
  annotations: Record<string, string>;
}
interface RulesFile {
  apiVersion: number;
  groups: Array<{ name: string; folder: string; rules: Rule[] }>;
}

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: { write: (t: string) => (out += t) },
    err: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

const forMyDs = ['alerts', '--config', DEMO_SETTINGS, '--datasource-uid', 'my-ds'];

describe('pmm-monitor alerts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pmm-alerts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes at most 48 rules for my data source, every query on it, every runbook under my Grafana', async () => {
    const { code, out } = await run([...forMyDs, '--grafana-url', 'https://grafana.example.com']);
    expect(code).toBe(0);
    const file = parse(out) as RulesFile;
    const rules = file.groups.flatMap((g) => g.rules);
    expect(file.apiVersion).toBe(1);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.length).toBeLessThanOrEqual(48);
    const dataQueries = rules.flatMap((r) => r.data.filter((q) => q.datasourceUid !== '__expr__'));
    // Two per rule: the state and the judged number.
    expect(dataQueries).toHaveLength(2 * rules.length);
    expect(new Set(dataQueries.map((q) => q.datasourceUid))).toEqual(new Set(['my-ds']));
    for (const rule of rules) {
      // Every link in the runbook (one per side when the sides open different plans).
      const links = rule.annotations.runbook_url.split(/\{\{ (?:if [^}]*|else|end) \}\}/).filter((s) => s !== '');
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        expect(link.startsWith('https://grafana.example.com/a/halo-pmm-app/plans/')).toBe(true);
        expect(link).toContain('datasource=my-ds');
      }
      // Linked to its KPI's panel on the app's bundled area dashboard, which enabling the app imports.
      expect(rule.annotations.__dashboardUid__).toMatch(/^pmm-(uptime|position|inventory|risk|performance)$/);
    }
    expect(new Set(file.groups.map((g) => g.folder))).toEqual(new Set(['PMM Monitor']));
  });

  it('takes a folder, a Grafana under a sub-path, and writes to a file', async () => {
    const target = path.join(dir, 'rules.yaml');
    const { code, out, err } = await run([
      ...forMyDs,
      '--grafana-url',
      'https://example.com/grafana/',
      '--folder',
      'Desk alerts',
      '--out',
      target,
      '--no-dashboards',
    ]);
    expect({ code, out }).toEqual({ code: 0, out: '' });
    expect(err).toMatch(/^wrote .*rules\.yaml \(48 rules for data source my-ds\)\n$/);
    const file = parse(await readFile(target, 'utf8')) as RulesFile;
    expect(new Set(file.groups.map((g) => g.folder))).toEqual(new Set(['Desk alerts']));
    const uptime = file.groups.flatMap((g) => g.rules).find((r) => r.uid.startsWith('pmm-uptime-warning-'))!;
    expect(uptime.annotations.runbook_url).toBe(
      'https://example.com/grafana/a/halo-pmm-app/plans/uptime-warning?kpi=uptime&datasource=my-ds'
    );
    // --no-dashboards: no rule names a panel.
    expect(file.groups.flatMap((g) => g.rules).filter((r) => r.annotations.__dashboardUid__)).toEqual([]);
  });

  it('keeps the rules of two data sources apart: other uids, other group names', async () => {
    const parsed = async (uid: string) =>
      parse(
        (await run(['alerts', '--config', DEMO_SETTINGS, '--datasource-uid', uid, '--grafana-url', 'http://g'])).out
      ) as RulesFile;
    const [a, b] = await Promise.all([parsed('desk-a'), parsed('desk-b')]);
    const uids = (file: RulesFile) => file.groups.flatMap((g) => g.rules.map((r) => r.uid));
    expect(uids(a).filter((uid) => uids(b).includes(uid))).toEqual([]);
    expect(a.groups.map((g) => g.name)).toContain('PMM uptime (desk-a)');
  });

  it.each([
    [['--datasource-uid', 'my ds', '--grafana-url', 'https://g'], '"my ds" is not a Grafana uid'],
    [['--datasource-uid', 'my-ds', '--grafana-url', 'grafana.example.com'], 'is not an http(s) address'],
    [['--datasource-uid', 'my-ds'], '--grafana-url "" is not an http(s) address'],
    [['--datasource-uid', 'my-ds', '--grafana-url', 'https://g', '--folder', ' '], 'is not a folder title'],
  ])('refuses %j with a usage error that says how to fix it', async (args, message) => {
    const { code, err } = await run(['alerts', '--config', DEMO_SETTINGS, ...args]);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('pmm-monitor alerts --config FILE');
  });
});
