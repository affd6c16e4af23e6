/**
 * What an alert cycle costs (issue 19, item 7b): every generated alert rule's query
 * (provisioning/alerting/pmm-alert-rules.yaml, refId A) sent to the built backend executable as
 * Grafana's ruler sends it: the groups concurrently, the rules of a group one after another, each
 * query with the ruler's defaults (maxDataPoints 43200, intervalMS 1000, the rule's relative time
 * range back from the evaluation time) and no user. The evaluation time is the scheduler's tick, one
 * for every rule due at it: Grafana's scheduler evaluates a rule at its scheduled time
 * (`ruleEval.Evaluate(ctx, e.scheduledAt)` in pkg/services/ngalert/schedule), whenever its query is
 * actually sent, and a cycle of every rule is the tick at which every group is due (with
 * `--now-per-query`, each query's range ends when it is sent instead). A first cycle on a process just
 * started (cold), then a second on the unchanged chain (steady state: what each later evaluation costs
 * while the chain does not move). JSON-RPC calls are counted by a proxy in front of anvil.
 *
 * Alone, on a 31-day demo world of its own (after `npm run build`): `npx tsx pkg/bench/alertBench.ts`
 * (options below, at the command).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { parse } from 'yaml';

import { defaultExecutable } from '../../scripts/measure-backend.mjs';
import { connectPlugin, type PluginClient } from '../backend/testing/pluginClient';
import { protoPluginContext } from '../backend/testing/protoRequests';
import type { ProtoDataQuery, ProtoPluginContext } from '../backend/wire/protocol';
import type { PmmSettings } from '../../src/core/settings/types';
import { demoSettings } from '../demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../demo/demoWorld';
import { startTestProxy } from '../engine/sources/rpc/testProxy';
import { ALERT_RULES_FILE } from '../provisioning/alerting/generate';
import { DEMO_DATASOURCE_NAME } from '../provisioning/datasource';
import { DEMO_DATASOURCE_UID } from '../provisioning/ids';
import type { AlertRulesFile } from '../provisioning/alerting/provisioningFile';
import type { PmmAlertQuery } from '../provisioning/alerting/rules';
import type { BenchRow } from './demoWorld';
import { startExecutable } from './loadRun';
import { byMethod } from './refreshBench';
import { benchTable } from './table';

/** The goal of issue 19 for one cycle of every rule at steady state. */
const CYCLE_MS = 10_000;
const CYCLE_CALLS = 500;

/** Grafana's ruler asks a data source query for this many points at this interval (its defaults). */
const RULER_MAX_DATA_POINTS = 43_200;
const RULER_INTERVAL_MS = 1_000;

/** One rule's data source query, as the ruler reads it from the file. */
export interface AlertRuleQuery {
  uid: string;
  group: string;
  /** Seconds before now. */
  relativeTimeRange: { from: number; to: number };
  model: PmmAlertQuery;
}

export interface AlertGroup {
  name: string;
  rules: AlertRuleQuery[];
}

/** The generated rules file's groups, each rule reduced to its refId A query. */
export function provisionedAlertGroups(file = ALERT_RULES_FILE): AlertGroup[] {
  const rules = parse(readFileSync(file, 'utf8')) as AlertRulesFile<PmmAlertQuery>;
  return rules.groups.map((group) => ({
    name: group.name,
    rules: group.rules.map((rule) => {
      // The data source's query comes first, then the expressions over it (reduce, threshold).
      const [query] = rule.data;
      if (query?.refId !== 'A') {
        throw new Error(`${file}: rule ${rule.uid} has no refId A`);
      }
      return {
        uid: rule.uid,
        group: group.name,
        relativeTimeRange: query.relativeTimeRange,
        model: query.model,
      };
    }),
  }));
}

/** The ruler's data source query for a rule, its window ending `now` minus the range's `to`. */
export function rulerQuery(rule: AlertRuleQuery, now: number): ProtoDataQuery {
  const { from, to } = rule.relativeTimeRange;
  return {
    refId: 'A',
    maxDataPoints: RULER_MAX_DATA_POINTS,
    intervalMS: RULER_INTERVAL_MS,
    timeRange: { fromEpochMS: now - from * 1000, toEpochMS: now - to * 1000 },
    json: Buffer.from(JSON.stringify(rule.model)),
    queryType: '',
  };
}

export interface AlertRuleRun {
  uid: string;
  group: string;
  ms: number;
  /** The query's error (or the call's), empty when it answered. */
  error: string;
}

export interface AlertCycle {
  ms: number;
  calls: number;
  methods: readonly string[];
  rules: AlertRuleRun[];
}

/** Every group at once, the rules of each one after another, as the ruler evaluates them. */
async function runCycle(
  groups: readonly AlertGroup[],
  client: PluginClient,
  context: ProtoPluginContext,
  nowPerQuery: boolean
): Promise<Omit<AlertCycle, 'calls' | 'methods'>> {
  const started = performance.now();
  const tick = Date.now();
  const perGroup = await Promise.all(
    groups.map(async (group) => {
      const runs: AlertRuleRun[] = [];
      for (const rule of group.rules) {
        const sent = performance.now();
        let error = '';
        try {
          const response = await client.queryData({
            pluginContext: context,
            queries: [rulerQuery(rule, nowPerQuery ? Date.now() : tick)],
          });
          const answer = response.responses.A;
          error = answer ? answer.error : 'no answer for refId A';
        } catch (failure) {
          error = failure instanceof Error ? failure.message : String(failure);
        }
        runs.push({ uid: rule.uid, group: rule.group, ms: performance.now() - sent, error });
      }
      return runs;
    })
  );
  return { ms: performance.now() - started, rules: perGroup.flat() };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function failures(cycle: AlertCycle): string {
  const failed = cycle.rules.filter((rule) => rule.error !== '');
  return failed.length === 0
    ? 'every query answered'
    : `${failed.length} ${failed.length === 1 ? 'query' : 'queries'} failed, e.g. ${failed[0].uid}: ${failed[0].error.slice(0, 120)}`;
}

/** The group whose rules took longest one after another: the one that sets the cycle's time. */
function slowestGroup(cycle: AlertCycle): string {
  const totals = new Map<string, { ms: number; rules: number }>();
  for (const rule of cycle.rules) {
    const total = totals.get(rule.group) ?? { ms: 0, rules: 0 };
    totals.set(rule.group, { ms: total.ms + rule.ms, rules: total.rules + 1 });
  }
  const [name, total] = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms)[0];
  return `${name}, ${total.rules} rules in ${seconds(total.ms)}`;
}

export interface AlertCycles {
  groups: AlertGroup[];
  /** The first cycle, on a process just started. */
  cold: AlertCycle;
  /** The second, on the unchanged chain. */
  steady: AlertCycle;
}

/** Starts the executable and runs two cycles of every rule against the world; undefined when not built. */
export function measureAlertCycles(
  world: DemoWorld,
  executable = defaultExecutable()
): Promise<AlertCycles | undefined> {
  return measureAlertCyclesOn(demoSettings(world), executable);
}

/**
 * The same against any data source settings (e.g. a running `pmm-monitor demo --no-live`), with
 * `steadyCycles` cycles after the first (the last one is reported: a profile of the process then
 * holds mostly steady state).
 */
export async function measureAlertCyclesOn(
  pmmSettings: PmmSettings,
  executable = defaultExecutable(),
  steadyCycles = 1,
  nowPerQuery = false
): Promise<AlertCycles | undefined> {
  if (!existsSync(executable)) {
    return undefined;
  }
  const groups = provisionedAlertGroups();
  const proxy = await startTestProxy({ target: pmmSettings.nodes[0].url });
  const backend = await startExecutable(executable);
  const client = connectPlugin(backend.socketPath);
  try {
    const settings = { ...pmmSettings, nodes: pmmSettings.nodes.map((node) => ({ ...node, url: proxy.url })) };
    // The ruler queries as the service, with no user; one data source, so one instance in the backend.
    const context = protoPluginContext(settings, {
      uid: DEMO_DATASOURCE_UID,
      name: DEMO_DATASOURCE_NAME,
      withoutUser: true,
    });
    const cycle = async (): Promise<AlertCycle> => {
      proxy.reset();
      const run = await runCycle(groups, client, context, nowPerQuery);
      return { ...run, calls: proxy.methods.length, methods: [...proxy.methods] };
    };
    const cold = await cycle();
    let steady = await cycle();
    for (let more = 1; more < steadyCycles; more++) {
      process.stderr.write(`steady cycle ${more}: ${seconds(steady.ms)}, ${steady.calls} calls\n`);
      steady = await cycle();
    }
    return { groups, cold, steady };
  } finally {
    client.close();
    backend.process.kill('SIGTERM');
    await proxy.close();
  }
}

export async function benchAlerts(world: DemoWorld, executable = defaultExecutable()): Promise<BenchRow[]> {
  return alertRows(await measureAlertCycles(world, executable), executable);
}

/** The bench's rows of two measured cycles, or the row that says the executable is not built. */
function alertRows(measured: AlertCycles | undefined, executable: string): BenchRow[] {
  if (!measured) {
    return [{ figure: 'alert cycle', value: `not built (${executable}): run npm run build`, goal: '', met: undefined }];
  }
  const { groups, cold, steady } = measured;
  const slowest = [...steady.rules].sort((a, b) => b.ms - a.ms)[0];
  const what = `${cold.rules.length} rules in ${groups.length} groups`;
  return [
    {
      figure: `alert cycle: first, cold (${what}; ${failures(cold)}), JSON-RPC calls and time`,
      value: `${cold.calls} calls, ${seconds(cold.ms)}`,
      goal: '',
      met: undefined,
    },
    {
      figure: `alert cycle: again, steady state on the unchanged chain (${failures(steady)}; slowest group ${slowestGroup(steady)}; ${byMethod(steady.methods) || 'no call'})`,
      value: `${steady.calls} calls, ${seconds(steady.ms)}`,
      goal: `≤ ${CYCLE_CALLS} calls and ≤ ${CYCLE_MS / 1000} s`,
      met: steady.calls <= CYCLE_CALLS && steady.ms <= CYCLE_MS && steady.rules.every((rule) => rule.error === ''),
    },
    {
      figure: `alert cycle: slowest rule at steady state (${slowest.uid}, ${slowest.group})`,
      value: seconds(slowest.ms),
      goal: '',
      met: undefined,
    },
  ];
}

/** Each rule's time in both cycles, by group, for a run alone (where the cycle's time goes). */
function ruleTimes({ groups, cold, steady }: AlertCycles): string {
  const lines: string[] = [];
  for (const group of groups) {
    const of = (cycle: AlertCycle) => cycle.rules.filter((rule) => rule.group === group.name);
    const sum = (runs: AlertRuleRun[]) => runs.reduce((ms, rule) => ms + rule.ms, 0);
    lines.push(
      `${group.name}: ${group.rules.length} rules, cold ${seconds(sum(of(cold)))}, steady ${seconds(sum(of(steady)))}`
    );
    for (const [i, rule] of of(steady).entries()) {
      lines.push(
        `  ${rule.uid}: cold ${seconds(of(cold)[i].ms)}, steady ${seconds(rule.ms)}${rule.error ? ` (${rule.error})` : ''}`
      );
    }
  }
  return lines.join('\n');
}

/**
 * `--executable FILE` (default the built one), `--settings FILE` (a running world's data source
 * settings, `pmm-monitor demo --no-live --write-config FILE`, instead of a world of its own),
 * `--cycles N` (steady cycles, the last one reported; default 1), `--now-per-query` (each query's
 * range ends when it is sent, not at the cycle's tick).
 */
if (require.main === module) {
  void (async () => {
    const { values } = parseArgs({
      options: {
        executable: { type: 'string', default: defaultExecutable() },
        settings: { type: 'string' },
        cycles: { type: 'string', default: '1' },
        'now-per-query': { type: 'boolean', default: false },
      },
    });
    const executable = values.executable as string;
    const cycles = Number(values.cycles);
    if (!values.settings) {
      process.stderr.write('alert bench: a 31-day demo world, then two cycles of every alert rule…\n');
    }
    const world = values.settings ? undefined : await startDemoWorld({ port: 0, endpointsPort: 0 });
    try {
      const settings = world
        ? demoSettings(world)
        : (JSON.parse(readFileSync(values.settings as string, 'utf8')) as PmmSettings);
      const measured = await measureAlertCyclesOn(settings, executable, cycles, values['now-per-query']);
      if (measured) {
        process.stderr.write(`${ruleTimes(measured)}\n`);
      }
      process.stdout.write(`${benchTable(alertRows(measured, executable))}\n`);
    } finally {
      await world?.stop();
    }
  })().catch((error: unknown) => {
    process.stderr.write(`alert bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
