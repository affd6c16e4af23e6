/**
 * Every provisioned alert rule's query, through the backend as Grafana's ruler runs it (a child
 * process, gRPC on its socket), with the provisioned data source's settings, against a demo world:
 * each rule's query (refId A, over the rule's relative time range back from now) answers at least one
 * frame, and every frame a number. A rule whose query can only ever answer no number is a rule for a
 * number that does not exist (framework revision 2): this is the test that says so.
 *
 * The world is a month long (31 days at one block an hour) so that VaR has its 30 daily returns: its
 * rules are for a number that exists once a deployment has that much history. "Now" is just after the
 * world's last block, as a Grafana "now" is right after a live chain's head; for the KPIs measured at
 * query time (node health, network latency) it is the wall clock's, when each query is sent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { tableFromIPC } from 'apache-arrow';
import { parse } from 'yaml';

import { findKpi } from '../../src/core/catalogue';
import type { PmmSettings } from '../../src/core/settings/types';
import { spawnPlugin, type ChildPlugin } from '../../pkg/backend/testing/childPlugin';
import { connectPlugin, type PluginClient } from '../../pkg/backend/testing/pluginClient';
import type { ProtoDataQuery, ProtoDataResponse, ProtoPluginContext } from '../../pkg/backend/wire/protocol';
import { demoSettings } from '../../pkg/demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../../pkg/demo/demoWorld';
import { loadProvisioning, ROOT } from './load';

jest.setTimeout(60_000);

const RULES_FILE = path.join(ROOT, 'provisioning/alerting/pmm-alert-rules.yaml');

/** What a rule holds that the ruler reads to query the data source (the file is data, typed loosely). */
interface RuleQuery {
  refId: string;
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}
interface Rule {
  uid: string;
  labels: Record<string, string>;
  data: RuleQuery[];
}

function provisionedRules(): Rule[] {
  const file = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: Array<{ rules: Rule[] }> };
  return file.groups.flatMap((group) => group.rules);
}

/** Each frame's labels and its last number (what the rule's `reduce last` takes), null when none. */
function lastNumbers(response: ProtoDataResponse): Array<{ labels: Record<string, string>; last: number | null }> {
  return response.frames.map((bytes) => {
    const table = tableFromIPC(bytes);
    const field = table.schema.fields.find((f) => f.name !== 'time');
    if (!field) {
      return { labels: {}, last: null };
    }
    const column = table.getChild(field.name)!;
    let last: number | null = null;
    for (let i = 0; i < table.numRows; i++) {
      const value = column.get(i) as number | null;
      if (typeof value === 'number' && Number.isFinite(value)) {
        last = value;
      }
    }
    return { labels: JSON.parse(field.metadata.get('labels') ?? '{}') as Record<string, string>, last };
  });
}

describe('every provisioned alert rule, through the backend, against a month-long demo world', () => {
  const provisioned = loadProvisioning();
  const [datasource] = provisioned.datasources;
  const rules = provisionedRules();
  let world: DemoWorld;
  let child: ChildPlugin;
  let client: PluginClient;
  let settings: PmmSettings;
  const answers = new Map<string, ProtoDataResponse>();

  beforeAll(async () => {
    [world, child] = await Promise.all([
      startDemoWorld({ days: 31, intervalSec: 3600, port: 0, endpointsPort: 0 }),
      spawnPlugin(),
    ]);
    client = connectPlugin(child.socketPath);
    settings = JSON.parse(
      JSON.stringify(datasource.jsonData)
        .replaceAll('http://127.0.0.1:8545', world.rpcUrl)
        .replaceAll('http://127.0.0.1:8546', world.endpointsUrl)
    ) as PmmSettings;
    // The ruler queries as the service, with no user.
    const context = {
      orgId: 1,
      pluginId: datasource.type,
      dataSourceInstanceSettings: {
        id: 1,
        uid: datasource.uid,
        name: datasource.name,
        jsonData: Buffer.from(JSON.stringify(settings)),
        decryptedSecureJsonData: {},
        lastUpdatedMS: 1,
      },
    } as unknown as ProtoPluginContext;
    const headMs = world.record.blocks[world.record.blocks.length - 1].timestamp * 1000;
    const queue = [...rules];
    const worker = async () => {
      for (let rule = queue.shift(); rule; rule = queue.shift()) {
        const a = rule.data.find((q) => q.refId === 'A')!;
        const range = a.relativeTimeRange ?? { from: 600, to: 0 };
        // The ruler's now is the chain head's time on a live chain; this world's head was mined when it
        // was built, so history KPIs are asked just after it. A measurement of now (node health,
        // network latency) is asked at the wall clock's now, the only range it has a value for.
        const measured = findKpi(String(a.model.kpi))?.measuredAtQueryTime === true;
        const now = measured ? Date.now() : headMs + 1000;
        // As Grafana's ruler sends a data source query: its defaults for an alert query.
        const query = {
          refId: 'A',
          maxDataPoints: 43_200,
          intervalMS: 1_000,
          timeRange: { fromEpochMS: now - range.from * 1000, toEpochMS: now - range.to * 1000 },
          json: Buffer.from(JSON.stringify(a.model)),
          queryType: '',
        } as ProtoDataQuery;
        const response = await client.queryData({ pluginContext: context, queries: [query] });
        answers.set(rule.uid, response.responses.A);
      }
    };
    await Promise.all(Array.from({ length: 2 }, worker));
  }, 420_000);

  afterAll(async () => {
    client?.close();
    child?.kill();
    await world?.stop();
  });

  it("queries the provisioned data source, whose settings are the world's own but for its ports", () => {
    expect(settings).toEqual(demoSettings(world));
    expect(new Set(rules.flatMap((r) => r.data.filter((q) => q.refId === 'A').map((q) => q.datasourceUid)))).toEqual(
      new Set([datasource.uid])
    );
    expect(rules.length).toBeGreaterThan(0);
  });

  it('every rule finds a number: an answer without error, at least one frame, a number in every frame', () => {
    const problems: string[] = [];
    for (const rule of rules) {
      const response = answers.get(rule.uid);
      if (!response || response.error !== '' || (response.status !== 0 && response.status !== 200)) {
        problems.push(`${rule.uid}: ${response?.status} ${response?.error}`);
        continue;
      }
      const frames = lastNumbers(response);
      if (frames.length === 0) {
        problems.push(`${rule.uid}: no frame`);
      }
      for (const frame of frames) {
        if (frame.last === null) {
          problems.push(`${rule.uid}: no number in the frame labelled ${JSON.stringify(frame.labels)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("a per-asset rule's number is its asset's", () => {
    const wrong = rules
      .filter((rule) => rule.labels.asset !== undefined)
      .flatMap((rule) =>
        lastNumbers(answers.get(rule.uid)!)
          .filter((frame) => frame.labels.asset !== rule.labels.asset)
          .map((frame) => `${rule.uid}: frame for ${frame.labels.asset}`)
      );
    expect(wrong).toEqual([]);
  });
});
