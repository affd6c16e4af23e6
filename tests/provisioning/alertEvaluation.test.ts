/**
 * Every provisioned alert rule evaluated as Grafana's ruler evaluates it (ruler.ts): its data source
 * queries over the rule's relative range back from now, through the backend as Grafana runs it (a child
 * process, gRPC on its socket) with the provisioned data source's settings, against a demo world; then
 * reduce, threshold and the condition, per alert instance. Every rule has data (at least one instance,
 * none NoData or Error); each instance's state is its number's under the bands in force; and a band
 * override changed in the data source's settings changes which instances fire, with the same rules.
 *
 * The world is a month long (31 days at one block an hour) so that VaR has its 30 daily returns: its
 * rules are for a number that exists once a deployment has that much history. "Now" is the wall clock's
 * when each rule is evaluated, as Grafana's ruler sends it: the chain's head is just before it, and the
 * KPIs measured at query time (node health, network latency) measure then.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

import { findKpi, stateOf, type BandStep, type KpiDefinition, type State } from '../../src/core/catalogue';
import type { PmmSettings } from '../../src/core/settings/types';
import { spawnPlugin, type ChildPlugin } from '../../pkg/backend/testing/childPlugin';
import { connectPlugin, type PluginClient } from '../../pkg/backend/testing/pluginClient';
import type { ProtoDataQuery, ProtoDataResponse, ProtoPluginContext } from '../../pkg/backend/wire/protocol';
import { demoSettings } from '../../pkg/demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../../pkg/demo/demoWorld';
import { loadProvisioning, ROOT } from './load';
import { dataQueries, evaluateRule, type EvaluatedRule, type Instance } from './ruler';

jest.setTimeout(60_000);

const RULES_FILE = path.join(ROOT, 'provisioning/alerting/pmm-alert-rules.yaml');

function provisionedRules(): EvaluatedRule[] {
  const file = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: Array<{ rules: EvaluatedRule[] }> };
  return file.groups.flatMap((group) => group.rules);
}

// ── What the bands say, as this test reads the catalogue (not the backend's code) ────────────────────

const RANK: Record<State, number> = { ok: 0, warning: 1, critical: 2 };

/** The state as a number, by the query contract: the rank, negative on the low side of the ok range. */
function stateNumberOf(bands: readonly BandStep[], value: number): number {
  const state = stateOf(bands, value) as State;
  const okFrom = bands.find((step) => step.state === 'ok')?.from ?? null;
  return state === 'ok' ? 0 : okFrom !== null && value < okFrom ? -RANK[state] : RANK[state];
}

/** The instance's entry: the label its KPI's breakdown names it by, if any. */
const entryOf = (instance: Instance): string | undefined =>
  instance.labels.asset ?? instance.labels.venue ?? instance.labels.node ?? instance.labels.entry;

const where = (rule: EvaluatedRule, instance: Instance) => `${rule.uid} ${entryOf(instance) ?? '-'}`;

describe('every provisioned alert rule, evaluated as the ruler does, on a month-long demo world', () => {
  const provisioned = loadProvisioning();
  const [datasource] = provisioned.datasources;
  const rules = provisionedRules();
  let world: DemoWorld;
  let child: ChildPlugin;
  let client: PluginClient;
  let settings: PmmSettings;
  const evaluated = new Map<string, Instance[]>();

  /** The data source as the ruler's requests carry it: these settings, saved at `version`. */
  const contextOf = (jsonData: PmmSettings, version: number) =>
    ({
      orgId: 1,
      pluginId: datasource.type,
      dataSourceInstanceSettings: {
        id: 1,
        uid: datasource.uid,
        name: datasource.name,
        jsonData: Buffer.from(JSON.stringify(jsonData)),
        decryptedSecureJsonData: {},
        lastUpdatedMS: version,
      },
    }) as unknown as ProtoPluginContext;

  /** One evaluation: the rule's data queries in one request (the ruler queries as the service: no user). */
  async function evaluate(rule: EvaluatedRule, context: ProtoPluginContext): Promise<Instance[]> {
    // The ruler's now is the chain head's time on a live chain; this world's head was mined when it was
    // built, minutes before on a loaded machine, so history KPIs are asked just after it (a 1-hour rule
    // asked at the wall clock found no RFQ in its window). A measurement of now (node health, network
    // latency) is asked at the wall clock's now, the only range it has a value for.
    const kpiId = String(dataQueries(rule)[0]?.model.kpi ?? '');
    const headMs = world.record.blocks[world.record.blocks.length - 1].timestamp * 1000;
    const now = findKpi(kpiId)?.measuredAtQueryTime === true ? Date.now() : headMs + 1000;
    const queries = dataQueries(rule).map((q) => {
      const range = q.relativeTimeRange ?? { from: 600, to: 0 };
      // As Grafana's ruler sends a data source query: its defaults for an alert query.
      return {
        refId: q.refId,
        maxDataPoints: 43_200,
        intervalMS: 1_000,
        timeRange: { fromEpochMS: now - range.from * 1000, toEpochMS: now - range.to * 1000 },
        json: Buffer.from(JSON.stringify(q.model)),
        queryType: '',
      } as ProtoDataQuery;
    });
    const response = await client.queryData({ pluginContext: context, queries });
    return evaluateRule(rule, new Map<string, ProtoDataResponse>(Object.entries(response.responses)));
  }

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
    const context = contextOf(settings, 1);
    const queue = [...rules];
    const worker = async () => {
      for (let rule = queue.shift(); rule; rule = queue.shift()) {
        evaluated.set(rule.uid, await evaluate(rule, context));
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
    expect(new Set(rules.flatMap((r) => dataQueries(r).map((q) => q.datasourceUid)))).toEqual(
      new Set([datasource.uid])
    );
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.length).toBeLessThanOrEqual(48);
  });

  it('every rule has data: at least one alert instance, none NoData or Error', () => {
    const problems = rules.flatMap((rule) => {
      const instances = evaluated.get(rule.uid) ?? [];
      if (instances.length === 0) {
        return [`${rule.uid}: no instance`];
      }
      return instances
        .filter((i) => i.state === 'NoData' || i.state === 'Error')
        .map((i) => `${where(rule, i)}: ${i.state} ${i.notes.join('; ')}`.trim());
    });
    expect(problems).toEqual([]);
  });

  it("each instance's state is its judged number's under the demo's bands, and it fires at its severity", () => {
    // The demo's settings override no band: the catalogue's bands are the ones in force.
    expect(settings.bandOverrides ?? {}).toEqual({});
    const wrong: string[] = [];
    for (const rule of rules) {
      const kpi = findKpi(rule.labels.kpi) as KpiDefinition;
      const rank = RANK[rule.labels.severity as State];
      for (const instance of evaluated.get(rule.uid) ?? []) {
        const { B: state, E: judged } = instance.values;
        const expected = judged === null || judged === undefined ? null : stateNumberOf(kpi.bands, judged);
        const fires = expected !== null && Math.abs(expected) >= rank;
        if (state !== expected || (instance.state === 'Alerting') !== fires) {
          wrong.push(
            `${where(rule, instance)}: number ${judged}, state ${state} (expected ${expected}), ${instance.state}`
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a per-asset KPI has one instance per asset it measures, a per-node KPI one per node', () => {
    const entries = (uid: string) => (evaluated.get(uid) ?? []).map(entryOf).sort();
    const rule = (kpi: string) => rules.find((r) => r.labels.kpi === kpi && r.labels.severity === 'critical')!;
    // The demo's non-stable assets (stablecoins have no delta); every asset has a target level.
    expect(entries(rule('net_delta').uid)).toEqual(['WBTC', 'WETH']);
    expect(entries(rule('inventory_level').uid)).toEqual(['USDC', 'USDT', 'WBTC', 'WETH']);
    expect(entries(rule('node_health').uid)).toEqual(settings.nodes.map((n) => n.name).sort());
  });

  it('a band override changed in the settings changes which instances fire, with the same rules', async () => {
    const deltaRules = rules.filter((r) => r.labels.kpi === 'net_delta');
    const critical = deltaRules.find((r) => r.labels.severity === 'critical')!;
    const before = evaluated.get(critical.uid)!;
    const weth = before.find((i) => i.labels.asset === 'WETH')!;
    const v = weth.values.E as number;
    const m = 1 + Math.abs(v);
    // Net delta's bands are critical < e1 ≤ warning < e2 ≤ ok < e3 ≤ warning < e4 ≤ critical. WETH at v:
    // with edges [v−4m, v−3m, v−2m, v−m] it is in the last step (critical, above: +2); with
    // [v−2m, v−m, v+m, v+2m] in the middle one (ok: 0). Whichever it is not now.
    const wasCritical = weth.state === 'Alerting';
    const edges = wasCritical ? [v - 2 * m, v - m, v + m, v + 2 * m] : [v - 4 * m, v - 3 * m, v - 2 * m, v - m];
    const overridden: PmmSettings = { ...settings, bandOverrides: { 'net_delta:WETH': { edges } } };
    const after = await evaluate(critical, contextOf(overridden, 2));
    const stateOfAsset = (instances: Instance[], asset: string) => instances.find((i) => i.labels.asset === asset);
    expect(stateOfAsset(after, 'WETH')).toMatchObject({
      state: wasCritical ? 'Normal' : 'Alerting',
      values: { B: wasCritical ? 0 : 2 },
    });
    // WBTC is judged under its own bands, which did not move.
    expect(stateOfAsset(after, 'WBTC')?.state).toBe(stateOfAsset(before, 'WBTC')?.state);
    // The warning rule follows too: critical is outside the ok range, ok is not.
    const warning = deltaRules.find((r) => r.labels.severity === 'warning')!;
    const warned = await evaluate(warning, contextOf(overridden, 2));
    expect(stateOfAsset(warned, 'WETH')?.state).toBe(wasCritical ? 'Normal' : 'Alerting');
    // And back: the settings without the override judge as before.
    const restored = await evaluate(critical, contextOf(settings, 3));
    expect(stateOfAsset(restored, 'WETH')?.state).toBe(weth.state);
  }, 180_000);
});
