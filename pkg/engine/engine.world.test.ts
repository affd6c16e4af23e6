/**
 * The engine against the demo world: every KPI, computed from the chain and the endpoints alone,
 * equals the value the simulator's ground-truth ledger gives (computed without the engine) within
 * 0.1 %, over the whole history, the stress day, a quiet stretch with no block, and single-block
 * ranges; series points equal the ledger over their own windows. KPIs measured at query time (node
 * health, network latency) cannot be known by a ledger and are checked against what a local node
 * must give.
 */
import { findKpi, KPIS, stateOf } from '../../src/core/catalogue';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { getAddress } from 'viem';

import { main } from '../cli/main';
import { demoClients } from '../demo/chain/clients';
import { deploy } from '../demo/contracts/deploy';
import { aaveArtifact } from '../demo/contracts/tokens';
import { DEMO_PORTS, demoSettings } from '../demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../demo/demoWorld';
import {
  expectedKpis as expectedKpisRevision1,
  revision2,
  type ExpectedKpi,
  type ExpectedKpis,
  type TimeRange,
} from '../demo/ledger/expected';
import type { WorldRecord } from '../demo/ledger/record';
import { createEngine, type Engine, type EngineAnswer } from './engine';
import { pointWindow } from './evaluate/evaluate';

jest.setTimeout(120_000);

/** One revision-2 replay of the ledger per world: each is costly, and the tests ask for many ranges. */
const revision2Views = new WeakMap<WorldRecord, revision2.Revision2View>();

function revision2View(record: WorldRecord): revision2.Revision2View {
  let view = revision2Views.get(record);
  if (!view) {
    view = revision2.viewRevision2(record);
    revision2Views.set(record, view);
  }
  return view;
}

/** Every KPI as revision 2 of the framework defines it, computed by the ledger from the simulator's record. */
function expectedKpis(record: WorldRecord, range: TimeRange): ExpectedKpis {
  return revision2.expectedKpisRevision2Of(revision2View(record), range);
}

const RELATIVE = 1e-3;
/** Below this size a value is compared absolutely: a relative error of a near-zero figure means nothing. */
const TINY = 1e-6;

function close(actual: number | null | undefined, expected: number | null | undefined): boolean {
  if (expected === null || expected === undefined) {
    return actual === null || actual === undefined;
  }
  if (actual === null || actual === undefined) {
    return false;
  }
  return Math.abs(actual - expected) <= Math.max(RELATIVE * Math.abs(expected), TINY);
}

/** The ledger names lending venues "aave" and "comet"; the engine "aave:<wallet>" and "<market name>:<wallet>". */
function venueOf(key: string): string {
  return key.startsWith('aave') ? 'aave' : 'comet';
}

function mismatches(answer: EngineAnswer, expected: Record<string, ExpectedKpi>, label: string): string[] {
  const problems: string[] = [];
  for (const outcome of answer.outcomes) {
    const want = expected[outcome.kpi.id];
    if ('measuredAtQueryTime' in want) {
      continue;
    }
    const got = outcome.result;
    if (!got) {
      problems.push(`${label} ${outcome.kpi.id}: error ${outcome.error?.message}`);
      continue;
    }
    if (!close(got.value, want.value)) {
      problems.push(`${label} ${outcome.kpi.id}: engine ${got.value}, ledger ${want.value}`);
    }
    if (want.trend !== undefined && !close(got.trend, want.trend)) {
      problems.push(`${label} ${outcome.kpi.id} trend: engine ${got.trend}, ledger ${want.trend}`);
    }
    for (const [key, value] of Object.entries(want.breakdown ?? {})) {
      const engineKey =
        outcome.kpi.id === 'liquidation_buffer'
          ? Object.keys(got.breakdown ?? {}).find((k) => venueOf(k) === key)
          : key;
      if (!engineKey || !close(got.breakdown?.[engineKey], value)) {
        problems.push(
          `${label} ${outcome.kpi.id}[${key}]: engine ${engineKey && got.breakdown?.[engineKey]}, ledger ${value}`
        );
      }
    }
  }
  return problems;
}

/** The keys of total PnL's parts, as the CLI prints them: the two that define it, then the seven it adds up to. */
const PNL_PART_KEYS = [
  'navChangeUsd',
  'externalFlowsUsd',
  'spreadUsd',
  'inventoryMtmUsd',
  'hedgePnlUsd',
  'interestUsd',
  'gasUsd',
  'flashLoanFeesUsd',
  'residualUsd',
];

/**
 * What is wrong with total PnL's parts as the engine gives them: value = navChange − flows = Σ of the
 * seven parts (the residual included), and the residual under 1 % of the parts' absolute sum.
 */
function pnlIdentityProblems(
  value: number | null | undefined,
  parts: Record<string, number> | undefined,
  label: string
) {
  const problems: string[] = [];
  if (typeof value !== 'number' || !parts) {
    return [`${label}: total PnL ${value} with parts ${JSON.stringify(parts)}`];
  }
  if (JSON.stringify(Object.keys(parts)) !== JSON.stringify(PNL_PART_KEYS)) {
    problems.push(`${label}: parts keyed ${Object.keys(parts).join(', ')}`);
  }
  const seven = PNL_PART_KEYS.slice(2);
  const sum = seven.reduce((total, key) => total + parts[key], 0);
  const absolute = seven.slice(0, -1).reduce((total, key) => total + Math.abs(parts[key]), 0);
  const scale = Math.max(1, Math.abs(parts.navChangeUsd), absolute);
  if (Math.abs(value - (parts.navChangeUsd - parts.externalFlowsUsd)) > 1e-9 * scale) {
    problems.push(`${label}: value ${value} ≠ navChange ${parts.navChangeUsd} − flows ${parts.externalFlowsUsd}`);
  }
  if (Math.abs(value - sum) > 1e-9 * scale) {
    problems.push(`${label}: value ${value} ≠ Σ parts ${sum}`);
  }
  if (!(Math.abs(parts.residualUsd) < 0.01 * absolute)) {
    problems.push(`${label}: residual ${parts.residualUsd} not under 1 % of the parts' absolute sum ${absolute}`);
  }
  return problems;
}

describe('the engine against the demo world ledger', () => {
  let world: DemoWorld;
  let engine: Engine;
  let whole: TimeRange;
  let answer: EngineAnswer;

  beforeAll(async () => {
    world = await startDemoWorld({ days: 11, seed: 3 });
    engine = createEngine(demoSettings(world));
    const blocks = world.record.blocks;
    // The query's end just after the last block, as a Grafana "now" would be.
    whole = { fromMs: blocks[0].timestamp * 1000, toMs: blocks[blocks.length - 1].timestamp * 1000 + 1 };
    answer = await engine.query({ ...whole, maxDataPoints: 200, intervalMs: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('computes every catalogue KPI over the whole history as the ledger does', () => {
    expect(answer.outcomes.map((o) => o.kpi.id)).toEqual(KPIS.map((k) => k.id));
    expect(mismatches(answer, expectedKpis(world.record, whole), 'whole history')).toEqual([]);
  });

  it('on the sampled path (more blocks than a query reads), agrees with the ledger within the stated tolerances', async () => {
    // 64 state blocks for a window of ~530: the fixed grid every 16th block, plus the block before,
    // the series points' blocks and the end (gather/stateBlocks.ts), as a 30-day mainnet window is read.
    const sampled = createEngine(demoSettings(world), {}, { options: { maxStateBlocks: 64 } });
    const result = await sampled.query({ ...whole, maxDataPoints: 20, intervalMs: 60_000, series: false });
    const expected = expectedKpis(world.record, whole);
    // What sampling approximates, relative to the ledger's value over every block; everything else is
    // read at the end block or from events, which sampling does not touch: 0.1 % as on the full path.
    // Measured on this world (seed 3, 11 days, 2026-12-03): drawdown 8.78 % against 9.37 % (a sample
    // misses the deepest block), the PnL trend 2.2 % off (a regression over fewer points), block
    // times estimated between sampled headers move the gas window (gas impact 0.8 %), token PnL and
    // turnover under 0.05 %.
    const tolerance: Record<string, number> = {
      max_drawdown: 0.1,
      gas_price_impact: 0.02,
      inventory_turnover: 0.01,
      token_pnl: 0.01,
      revenue_efficiency: 0.01,
    };
    const problems: string[] = [];
    for (const outcome of result.outcomes) {
      const want = expected[outcome.kpi.id];
      if ('measuredAtQueryTime' in want) {
        continue;
      }
      const got = outcome.result?.value;
      const allowed = tolerance[outcome.kpi.id] ?? RELATIVE;
      const fine =
        want.value === null || got === null || got === undefined
          ? want.value === (got ?? null)
          : Math.abs(got - want.value) <= Math.max(allowed * Math.abs(want.value), TINY);
      if (!fine) {
        problems.push(
          `${outcome.kpi.id}: engine ${got ?? outcome.error?.message}, ledger ${want.value}, allowed ${allowed}`
        );
      }
    }
    // A sample cannot see a deeper fall than every block holds.
    const drawdown = result.outcomes.find((o) => o.kpi.id === 'max_drawdown')?.result?.value ?? NaN;
    const fullDrawdown = expected.max_drawdown;
    if (!('value' in fullDrawdown) || !(drawdown <= (fullDrawdown.value ?? -Infinity) * (1 + RELATIVE))) {
      problems.push(`max_drawdown: sampled ${drawdown} above every block's`);
    }
    // The PnL trend, a regression over the sampled blocks: within 5 %.
    const trend = result.outcomes.find((o) => o.kpi.id === 'total_pnl')?.result?.trend ?? NaN;
    const pnl = expected.total_pnl;
    const fullTrend = 'value' in pnl ? (pnl.trend ?? NaN) : NaN;
    if (!(Math.abs(trend - fullTrend) <= 0.05 * Math.abs(fullTrend))) {
      problems.push(`total_pnl trend: sampled ${trend}, every block ${fullTrend}`);
    }
    expect(problems).toEqual([]);
    // It was sampled: fewer state blocks than the window holds.
    expect(world.record.blocks.length).toBeGreaterThan(64 * 4);
  });

  it('agrees on the stress day, on a stretch between two blocks and on one-block ranges', async () => {
    const { stress } = world.record.plan.scenario;
    const blocks = world.record.blocks;
    const day = { fromMs: (stress.from - 8 * 3600) * 1000, toMs: (stress.from + 16 * 3600) * 1000 };
    const between = { fromMs: blocks[40].timestamp * 1000 + 1000, toMs: blocks[41].timestamp * 1000 - 1000 };
    const oneBlock = { fromMs: blocks[200].timestamp * 1000, toMs: blocks[200].timestamp * 1000 + 1 };
    const problems: string[] = [];
    for (const [label, range] of Object.entries({ day, between, oneBlock })) {
      const result = await engine.query({ ...range, maxDataPoints: 50, intervalMs: 1000, series: false });
      problems.push(...mismatches(result, expectedKpis(world.record, range), label));
    }
    expect(problems).toEqual([]);
  });

  it('gives total PnL as NAV change − external flows = Σ its parts, on the whole history, a week, the stress day and one block, with a residual under 1 %', async () => {
    const { stress } = world.record.plan.scenario;
    const blocks = world.record.blocks;
    const day = { fromMs: (stress.from - 8 * 3600) * 1000, toMs: (stress.from + 16 * 3600) * 1000 };
    const oneBlock = { fromMs: blocks[200].timestamp * 1000, toMs: blocks[200].timestamp * 1000 + 1 };
    const endMs = blocks[blocks.length - 1].timestamp * 1000;
    const week = { fromMs: endMs - 7 * 86_400_000, toMs: endMs };
    const pnlOf = (a: EngineAnswer) => a.outcomes.find((o) => o.kpi.id === 'total_pnl')?.result;
    const problems: string[] = [];
    const wholePnl = pnlOf(answer);
    problems.push(...pnlIdentityProblems(wholePnl?.value, wholePnl?.parts, 'whole history'));
    for (const [label, range] of Object.entries({ week, day, oneBlock })) {
      const result = pnlOf(
        await engine.query({ ...range, maxDataPoints: 50, intervalMs: 1000, series: false, kpis: ['total_pnl'] })
      );
      problems.push(...pnlIdentityProblems(result?.value, result?.parts, label));
    }
    expect(problems).toEqual([]);
    // The month has flows both ways and hedge PnL: none of the parts is idle on the whole history.
    expect(wholePnl?.parts?.externalFlowsUsd).not.toBe(0);
    expect(wholePnl?.parts?.hedgePnlUsd).not.toBe(0);
  });

  it('answers a range that begins before the demo contracts existed as the ledger does', async () => {
    // Two days before the world's first block: genesis, the set-up blocks (contracts deployed, markets
    // set up, wallets funded) and the simulated month all fall inside it.
    const blocks = world.record.blocks;
    const early = { fromMs: (blocks[0].timestamp - 2 * 86_400) * 1000, toMs: blocks[60].timestamp * 1000 };
    const result = await engine.query({ ...early, maxDataPoints: 20, intervalMs: 60_000, series: false });
    expect(result.outcomes.filter((o) => !o.result).map((o) => `${o.kpi.id}: ${o.error?.message}`)).toEqual([]);
    // The ledger models the market maker from the first simulated block; the engine also sees the
    // set-up blocks inside this range, where the wallets were funded (NAV 0 until then, which moves
    // averages, turnover and the PnL trend) and the maker paid gas for its approvals (PnL, gas ratio).
    // Their native ETH went from anvil's 10,000 test ETH down to the gas float (anvil_setBalance: no
    // transfer, so no external flow), which flow-adjusted NAV reads as a fall of nearly 100 % (drawdown).
    const setUpSensitive = new Set([
      'max_drawdown',
      'inventory_turnover',
      'gas_risk_ratio',
      'total_pnl',
      'token_pnl',
      'revenue_efficiency',
    ]);
    const problems = mismatches(result, expectedKpis(world.record, early), 'before the contracts');
    const kpiOf = (problem: string) => /^before the contracts (\w+)/.exec(problem)?.[1] ?? problem;
    expect(problems.filter((p) => !setUpSensitive.has(kpiOf(p)))).toEqual([]);
  });

  it("judges every KPI's state as the catalogue's bands judge the ledger's value", () => {
    const expected = expectedKpis(world.record, whole);
    const wrong: string[] = [];
    for (const outcome of answer.outcomes) {
      const want = expected[outcome.kpi.id as keyof typeof expected];
      if ('measuredAtQueryTime' in want) {
        continue;
      }
      const judged = outcome.kpi.judgedOn === 'trend' ? want.trend : want.value;
      if (outcome.state !== stateOf(outcome.kpi.bands, judged)) {
        wrong.push(`${outcome.kpi.id}: engine ${outcome.state}, ledger ${stateOf(outcome.kpi.bands, judged)}`);
      }
    }
    expect(wrong).toEqual([]);
    // The month is built so that not everything is fine: the engine must see trouble somewhere.
    expect(answer.outcomes.filter((o) => o.state === 'warning' || o.state === 'critical').length).toBeGreaterThan(0);
  });

  it('gives every KPI a series whose points equal the ledger over their own windows', () => {
    const failures: string[] = [];
    for (const kpi of KPIS) {
      const series = answer.series.get(kpi.id) ?? [];
      if (kpi.measuredAtQueryTime) {
        // Revision 2: no history; at most the one point of "now" (see the test on a range ending now).
        expect(series.length).toBeLessThanOrEqual(1);
        continue;
      }
      expect(series).toHaveLength(answer.points.length);
      for (const i of [0, Math.floor(series.length / 2), series.length - 1]) {
        const window = pointWindow(kpi, whole, answer.points, i);
        const want = expectedKpis(world.record, window)[kpi.id as keyof ReturnType<typeof expectedKpis>];
        if ('measuredAtQueryTime' in want) {
          continue;
        }
        const got = series[i].result?.value;
        if (!close(got, want.value)) {
          failures.push(`${kpi.id} point ${i}: engine ${got}, ledger ${want.value}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('measures node health, network latency and the RFQ probe when the range ends now: one point, at its end', async () => {
    const now = { fromMs: whole.fromMs, toMs: Date.now() };
    const measured = await engine.query({
      ...now,
      maxDataPoints: 200,
      intervalMs: 60_000,
      kpis: ['node_health', 'network_latency_ms', 'quote_response_ms'],
    });
    const [health, latency, response] = measured.outcomes.map((o) => o.result);
    // One local node: in sync with itself, and its round trip is far below the 200 ms of full speed
    // on an idle machine; a busy CI machine may slow it, hence 95 rather than exactly 100.
    expect(health?.value).toBeGreaterThanOrEqual(95);
    expect(Object.keys(health?.breakdown ?? {})).toEqual(['demo-anvil']);
    expect(Object.keys(latency?.breakdown ?? {}).sort()).toEqual(
      ['coingecko', 'dune', 'hedge-venue', 'quote-log', 'rfq-probe', 'rpc:demo-anvil'].sort()
    );
    // The headline is the slowest endpoint. On an idle machine all answer in well under a second; one
    // that did not within its 5 s timeout (a machine too busy) counts at it and is named, never left out.
    expect(latency?.value).toBe(Math.max(...Object.values(latency?.breakdown ?? {})));
    const timedOut = Object.entries(latency?.breakdown ?? {}).filter(([, ms]) => ms >= 5_000);
    for (const [endpoint] of timedOut) {
      expect(latency?.note).toContain(endpoint);
    }
    expect(timedOut.length > 0 || latency?.note === undefined).toBe(true);
    for (const id of ['node_health', 'network_latency_ms']) {
      expect(measured.series.get(id)?.map((p) => p.timeMs)).toEqual([now.toMs]);
    }
    // Quote response time: the log's mean as the ledger has it, and the demo RFQ probe beside it.
    const ledger = expectedKpis(world.record, now).quote_response_ms;
    expect('value' in ledger && close(response?.value, ledger.value)).toBe(true);
    expect(response?.breakdown?.probe).toBeGreaterThan(0);
    expect(response?.breakdown?.probe).toBeLessThan(5_000);
  });

  it('gives node health and network latency no value and no point for a range that ended a day ago', async () => {
    const past = { fromMs: whole.fromMs, toMs: whole.toMs - 86_400_000 };
    const answered = await engine.query({
      ...past,
      maxDataPoints: 50,
      intervalMs: 60_000,
      kpis: ['node_health', 'network_latency_ms', 'quote_response_ms'],
    });
    for (const outcome of answered.outcomes.slice(0, 2)) {
      expect(outcome.result?.value).toBeNull();
      expect(outcome.result?.note).toMatch(/^measured at query time; no history/);
      expect(answered.series.get(outcome.kpi.id)).toEqual([]);
    }
    expect(answered.outcomes[2].result?.breakdown).toBeUndefined();
    expect(answered.series.get('quote_response_ms')).toHaveLength(answered.points.length);
  });

  it("tells the whole history's events as the ledger records them, through the engine's own reads", async () => {
    const { events, failures } = await engine.events({
      ...whole,
      maxDataPoints: 200,
      intervalMs: 60_000,
      minFillUsd: 0,
    });
    expect(failures).toEqual([]);
    const hashesOf = (kind: string) =>
      events
        .filter((e) => e.kind === kind)
        .map((e) => e.txHash?.toLowerCase())
        .sort();
    const sorted = (hashes: readonly string[]) => hashes.map((h) => h.toLowerCase()).sort();
    const blocks = world.record.blocks;
    // One rebalance event per transfer between the wallets, one flash-loan event per loan.
    expect(hashesOf('rebalance')).toEqual(sorted(blocks.flatMap((b) => b.rebalances.map((r) => r.txHash))));
    expect(hashesOf('flash-loan')).toEqual(sorted(blocks.flatMap((b) => b.flashLoans.map((l) => l.txHash))));
    // Failed settlements: the quotes whose settlement reverted, and the wallets' own reverted transactions.
    const wallets = new Set(
      demoSettings(world)
        .wallets.filter((w) => w.role !== 'flashloan-receiver')
        .map((w) => w.address.toLowerCase())
    );
    const revertedQuotes = world.record.rfqs.flatMap((r) => (r.settled === 'reverted' && r.txHash ? [r.txHash] : []));
    const revertedOwn = world.record.txs.flatMap((t) =>
      t.status === 'reverted' && wallets.has(t.from.toLowerCase()) ? [t.hash] : []
    );
    expect(hashesOf('failed-settlement')).toEqual(sorted([...new Set([...revertedQuotes, ...revertedOwn])]));
    // From 0 USD every fill of a quote is a large fill.
    const filled = world.record.rfqs.flatMap((r) => (r.settled === 'success' && r.txHash ? [r.txHash] : []));
    expect(hashesOf('large-fill')).toEqual(sorted(filled));
  });

  it('ships the demo settings that `pmm-monitor demo` on its default ports answers to', () => {
    const shipped: unknown = JSON.parse(readFileSync(path.join(__dirname, '../demo/demo-settings.json'), 'utf8'));
    const onDefaultPorts = demoSettings({
      ...world,
      rpcUrl: `http://127.0.0.1:${DEMO_PORTS.port}`,
      endpointsUrl: `http://127.0.0.1:${DEMO_PORTS.endpointsPort}`,
    });
    expect(shipped).toEqual(JSON.parse(JSON.stringify(onDefaultPorts)));
  });

  it('`pmm-monitor kpis --json` prints every KPI with the values the ledger gives', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pmm-kpis-'));
    const config = path.join(dir, 'settings.json');
    writeFileSync(config, JSON.stringify({ jsonData: demoSettings(world), secureJsonData: {} }));
    let out = '';
    const code = await main(
      [
        'kpis',
        '--config',
        config,
        '--from',
        String(whole.fromMs),
        '--to',
        String(whole.toMs),
        '--points',
        '20',
        '--json',
      ],
      { out: { write: (t: string) => (out += t) }, err: { write: () => true } }
    );
    rmSync(dir, { recursive: true });
    expect(code).toBe(0);
    const printed = JSON.parse(out) as {
      kpis: Array<{
        id: string;
        value: number | null;
        breakdown?: Record<string, number>;
        parts?: Record<string, number>;
        note?: string;
        series: unknown[];
      }>;
    };
    expect(printed.kpis.map((k) => k.id)).toEqual(KPIS.map((k) => k.id));
    const expected = expectedKpis(world.record, whole);
    for (const id of ['uptime', 'net_delta', 'var_99_1d', 'total_pnl'] as const) {
      const want = expected[id];
      expect('value' in want && close(printed.kpis.find((k) => k.id === id)?.value, want.value)).toBe(true);
    }
    // total_pnl.parts: exactly the decomposition's keys, each as the ledger gives it (the residual, near
    // zero on both sides, by the identity rather than relatively).
    const pnl = printed.kpis.find((k) => k.id === 'total_pnl');
    expect(Object.keys(pnl?.parts ?? {})).toEqual(PNL_PART_KEYS);
    expect(pnlIdentityProblems(pnl?.value, pnl?.parts, '--json')).toEqual([]);
    const wantParts = expected.total_pnl;
    const partProblems = PNL_PART_KEYS.filter((key) => key !== 'residualUsd')
      .filter((key) => !('parts' in wantParts) || !close(pnl?.parts?.[key], wantParts.parts?.[key]))
      .map(
        (key) => `${key}: engine ${pnl?.parts?.[key]}, ledger ${'parts' in wantParts ? wantParts.parts?.[key] : '?'}`
      );
    expect(partProblems).toEqual([]);
    expect(printed.kpis[0].series.length).toBeGreaterThan(1);
    // Revision 2: concentration is the largest non-stable share of its breakdown, which lists every asset.
    const printedKpi = (id: string) => printed.kpis.find((k) => k.id === id);
    const nonStable = demoSettings(world)
      .assets.filter((a) => !a.stable)
      .map((a) => a.symbol);
    const shares = printedKpi('concentration')?.breakdown ?? {};
    expect(Object.keys(shares).sort()).toEqual(
      demoSettings(world)
        .assets.map((a) => a.symbol)
        .sort()
    );
    expect(printedKpi('concentration')?.value).toBe(Math.max(...nonStable.map((a) => Math.abs(shares[a]))));
    // An 11-day world has fewer than 30 daily returns: VaR has no value and says how many it has.
    expect(printedKpi('var_99_1d')?.value).toBeNull();
    const returns = printedKpi('var_99_1d')?.parts?.returns ?? NaN;
    expect(returns).toBeLessThan(30);
    expect(printedKpi('var_99_1d')?.note).toBe(`${returns} daily returns; VaR needs at least 30`);
  });

  it('`pmm-monitor kpis --json --from now-3d --to now` gives node health and network latency one point at most', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pmm-kpis-'));
    const config = path.join(dir, 'settings.json');
    writeFileSync(config, JSON.stringify({ jsonData: demoSettings(world), secureJsonData: {} }));
    let out = '';
    const code = await main(['kpis', '--config', config, '--from', 'now-3d', '--to', 'now', '--json'], {
      out: { write: (t: string) => (out += t) },
      err: { write: () => true },
    });
    rmSync(dir, { recursive: true });
    expect(code).toBe(0);
    const printed = JSON.parse(out) as { to: number; kpis: Array<{ id: string; series: Array<[number, unknown]> }> };
    const seriesOf = (id: string) => printed.kpis.find((k) => k.id === id)?.series ?? [];
    for (const id of ['node_health', 'network_latency_ms']) {
      // The range ends now: its one measurement, at its end (never 200 copies of it).
      expect(seriesOf(id).map(([t]) => t)).toEqual([printed.to]);
    }
    expect(seriesOf('uptime').length).toBeGreaterThan(1);
  });

  it('prices an asset without a feed from CoinGecko (the demo stand-in) as the ledger does', async () => {
    const settings = demoSettings(world);
    settings.assets = settings.assets.map((a) => (a.symbol === 'USDT' ? { ...a, feed: undefined } : a));
    const result = await createEngine(settings).query({
      ...whole,
      maxDataPoints: 20,
      intervalMs: 60_000,
      series: false,
    });
    expect(mismatches(result, expectedKpis(world.record, whole), 'USDT from CoinGecko')).toEqual([]);
  });

  it("values the stale feed's window at CoinGecko as revision 2's ledger does, and warns on the KPIs it values", async () => {
    const { record } = world;
    const view = revision2View(record);
    const staleAt = record.blocks.flatMap((b, i) => (view.prices.flags[i].stale.includes('WETH') ? [b] : []));
    // The demo's ETH/USD feed skips six hours of half-hourly posts: stale by the hour's heartbeat from the
    // third block on (1,800 s and 3,600 s old are not stale), so ten blocks.
    expect(staleAt).toHaveLength(10);
    const feedOff = (b: (typeof staleAt)[number]) => Math.abs(b.planned.feeds.WETH.price / b.planned.prices.WETH - 1);
    const worst = staleAt.reduce((a, b) => (feedOff(b) > feedOff(a) ? b : a));
    const { staleFeed } = record.plan.scenario;
    const ranges = {
      'stale block': { fromMs: worst.timestamp * 1000, toMs: worst.timestamp * 1000 + 1 },
      'stale day': { fromMs: (staleFeed.from - 9 * 3600) * 1000, toMs: (staleFeed.to + 9 * 3600) * 1000 },
    };
    for (const [label, range] of Object.entries(ranges)) {
      const result = await engine.query({ ...range, maxDataPoints: 50, intervalMs: 1000, series: false });
      expect(mismatches(result, expectedKpis(record, range), label)).toEqual([]);
      // The ledger flags WETH as valued at CoinGecko in this range; the engine says so on every KPI
      // valued at prices (those reading a part priced from the feeds), and on no other.
      expect(revision2.priceFlags(view, range).stale).toEqual(['WETH']);
      const inRange = staleAt.filter((b) => b.timestamp * 1000 >= range.fromMs && b.timestamp * 1000 < range.toMs);
      const blocksSaid =
        inRange.length === 1
          ? `at block #${inRange[0].number} (${new Date(inRange[0].timestamp * 1000).toISOString()})`
          : `at ${inRange.length} blocks from #${inRange[0].number} (${new Date(inRange[0].timestamp * 1000).toISOString()}) ` +
            `to #${inRange[inRange.length - 1].number} (${new Date(inRange[inRange.length - 1].timestamp * 1000).toISOString()})`;
      for (const outcome of result.outcomes) {
        const warned = (outcome.result?.warnings ?? []).filter((w) => w.startsWith('WETH price: '));
        const stale = warned.filter((w) => w.includes('older than its 3600 s heartbeat'));
        if (
          !outcome.result ||
          !outcome.kpi.reads.some((r) => ['snapshots', 'fills', 'walletTxs', 'flashLoans', 'priceHistory'].includes(r))
        ) {
          expect([outcome.kpi.id, warned]).toEqual([outcome.kpi.id, []]);
          continue;
        }
        expect([outcome.kpi.id, stale]).toEqual([
          outcome.kpi.id,
          [expect.stringContaining(`${blocksSaid}; valued at CoinGecko's price there instead`)],
        ]);
      }
    }
    // The check can fail: at the feed's stale answer (revision 1) the same range is off the ledger.
    const atFeed = await engine.query({ ...ranges['stale block'], maxDataPoints: 50, intervalMs: 1000, series: false });
    expect(feedOff(worst)).toBeGreaterThan(0.002);
    expect(
      mismatches(atFeed, expectedKpisRevision1(record, ranges['stale block']), 'at the feed').length
    ).toBeGreaterThan(0);
  });

  it('flags over the whole history exactly the blocks the ledger values at CoinGecko or flags off it', () => {
    const { record } = world;
    const view = revision2View(record);
    const blocksOf = (kind: 'stale' | 'deviating', asset: string) =>
      record.blocks.filter((_, i) => (view.prices.flags[i][kind] as string[]).includes(asset));
    const said = (blocks: typeof record.blocks) => {
      const at = (b: (typeof blocks)[number]) => `#${b.number} (${new Date(b.timestamp * 1000).toISOString()})`;
      return blocks.length === 1
        ? `at block ${at(blocks[0])}`
        : `at ${blocks.length} blocks from ${at(blocks[0])} to ${at(blocks[blocks.length - 1])}`;
    };
    const expected: string[] = [];
    for (const asset of ['WETH', 'WBTC', 'USDC', 'USDT']) {
      const stale = blocksOf('stale', asset);
      if (stale.length > 0) {
        expected.push(`${asset} price: the Chainlink answer was older than its 3600 s heartbeat`, said(stale));
      }
      const deviating = blocksOf('deviating', asset);
      if (deviating.length > 0) {
        expected.push(`${asset} price: the Chainlink answer was off CoinGecko's by more than 2 %`, said(deviating));
      }
    }
    // The demo's only flagged prices are its stale ETH/USD window's.
    expect(expected.length).toBeGreaterThan(0);
    const warnings = answer.outcomes.find((o) => o.kpi.id === 'net_delta')?.result?.warnings ?? [];
    expect(warnings).toHaveLength(expected.length / 2);
    warnings.forEach((warning, i) => {
      expect(warning.startsWith(expected[2 * i])).toBe(true);
      expect(warning).toContain(expected[2 * i + 1]);
    });
  });

  it('names the source of a failure for the KPIs that read it, and keeps the others', async () => {
    const settings = demoSettings(world);
    settings.endpoints.quoteLogUrl = 'http://127.0.0.1:9/quote-log/rfqs';
    const broken = createEngine(settings);
    const result = await broken.query({
      ...whole,
      maxDataPoints: 20,
      intervalMs: 60_000,
      kpis: ['uptime', 'net_delta'],
    });
    const [uptime, delta] = result.outcomes;
    expect(uptime.error?.source).toBe('quote-log');
    expect(uptime.result).toBeUndefined();
    expect(findKpi('net_delta')).toBeDefined();
    expect(delta.result?.value).toEqual(expect.any(Number));

    // A token address that is a wallet, not a token: holdings cannot be valued, the quote log still can.
    const typo = demoSettings(world);
    typo.assets[0] = { ...typo.assets[0], address: typo.wallets[0].address };
    const [uptimeOk, deltaFailed] = (
      await createEngine(typo).query({ ...whole, maxDataPoints: 20, intervalMs: 60_000, kpis: ['uptime', 'net_delta'] })
    ).outcomes;
    expect(uptimeOk.result?.value).toEqual(expect.any(Number));
    expect(deltaFailed.error?.source).toBe('erc20');
    expect(deltaFailed.error?.message).toContain(typo.wallets[0].address);
  });

  // Last: it deploys a contract at the head of the shared chain.
  it('says a range that ends before a token existed came too early, not that its address is wrong', async () => {
    const clients = demoClients(world.rpcUrl);
    await clients.test.setAutomine(true); // the simulation mined its blocks by hand
    const newToken = await deploy(clients, aaveArtifact('mocks/tokens/MintableERC20'), ['New Token', 'NEWT', 18]);
    const settings = demoSettings(world);
    settings.assets.push({ ...settings.assets[0], symbol: 'NEWT', address: newToken });
    const [delta] = (
      await createEngine(settings).query({ ...whole, maxDataPoints: 20, intervalMs: 60_000, kpis: ['net_delta'] })
    ).outcomes;
    expect(delta.error?.source).toBe('erc20');
    expect(delta.error?.message).toContain(`${getAddress(newToken)} had no code yet at block`);
    expect(delta.error?.message).toContain("the range's end");
    expect(delta.error?.fix).toMatch(/deployed later/);

    // The same for a lending venue: an "Aave pool" with code only from the head (the new contract).
    const lateVenue = demoSettings(world);
    if (!lateVenue.venues.aave) {
      throw new Error('the demo settings have an Aave market');
    }
    lateVenue.venues.aave = { ...lateVenue.venues.aave, pool: newToken };
    const [venueDelta] = (
      await createEngine(lateVenue).query({ ...whole, maxDataPoints: 20, intervalMs: 60_000, kpis: ['net_delta'] })
    ).outcomes;
    expect(venueDelta.error?.source).toBe('aave-v3');
    expect(venueDelta.error?.message).toContain(`${newToken} had no code yet at block`);
  });
});
