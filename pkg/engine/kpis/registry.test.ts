/**
 * A KPI's stated inputs (its catalogue `reads`, which is what gather reads for it) against what its
 * formula really reads: every formula runs over a dataset that records each part it touches and throws
 * on a part its KPI does not state. The dataset is rich enough that every formula takes its full path
 * (state in the range, positive NAV, events of every kind), so a part read only on some path is read.
 */
import { DATA_INPUT_IDS, KPIS, worstEntry, type DataInput, type KpiDefinition } from '../../../src/core/catalogue';
import { partsFor } from '../gather/needs';
import { baseFeeColumns, type Dataset } from '../model';
import { REGISTRY } from './registry';
import { DAY, H, T0, dataset, holdings, snapshot } from './testDataset';

/** A state block: WETH held, supplied, borrowed, at the venue and hedged; USDC likewise; Aave debt. */
function richSnapshot(timeMs: number, wethPrice: number, debt: number) {
  return snapshot(timeMs, {
    prices: { WETH: wethPrice, USDC: 1 },
    holdings: {
      WETH: holdings({ wallets: 8, supplied: 4, borrowed: 1, venue: 1, perp: -2 }),
      USDC: holdings({ wallets: 20_000, supplied: 5_000, borrowed: debt, venue: 3_000 }),
    },
    hedgeUnrealizedPnlUsd: 150,
    lending: [{ venue: 'aave:maker', weightedCollateralUsd: 30_000, debtUsd: debt }],
    debtUnits: { 'aave:USDC': debt },
  });
}

/** Every part filled, inside the window [T0, T0 + 1 day), with a state block before it. */
function richDataset(): Dataset {
  const rfq = (i: number, error: string | null, filled: boolean) => ({
    id: `r${i}`,
    base: 'WETH',
    quote: 'USDC',
    receivedAtMs: T0 + i * H,
    quotedAtMs: error === null ? T0 + i * H + 120 : null,
    error,
    price: error === null ? 2_000 : null,
    accepted: filled,
    filled,
  });
  return dataset({
    snapshots: [
      richSnapshot(T0 - H, 2_000, 5_000),
      richSnapshot(T0, 2_010, 5_000),
      richSnapshot(T0 + 6 * H, 1_950, 5_100),
      richSnapshot(T0 + 12 * H, 1_900, 5_150),
      richSnapshot(T0 + 18 * H, 1_980, 5_160),
    ],
    rfqs: [rfq(1, null, true), rfq(2, null, false), rfq(3, 'no liquidity', false), rfq(4, null, true)],
    fills: [
      {
        timeMs: T0 + H + 12_000,
        base: 'WETH',
        quote: 'USDC',
        baseUnits: 2,
        volumeUsd: 4_000,
        spreadUsd: 12,
        quotedAtMs: T0 + H + 120,
      },
      {
        timeMs: T0 + 4 * H + 12_000,
        base: 'WETH',
        quote: 'USDC',
        baseUnits: 1,
        volumeUsd: 2_000,
        spreadUsd: 7,
        quotedAtMs: T0 + 4 * H + 120,
      },
    ],
    settlements: [
      { timeMs: T0 + H + 12_000, ok: true },
      { timeMs: T0 + 5 * H, ok: false },
    ],
    walletTxs: [
      { timeMs: T0 + 5 * H, gasUsd: 1.5, asset: 'WETH' },
      { timeMs: T0 + 7 * H, gasUsd: 0.5, asset: 'USDC' },
    ],
    flashLoans: [{ timeMs: T0 + 8 * H, asset: 'USDC', amountUsd: 500, premiumUsd: 0.25 }],
    debtFlows: [{ timeMs: T0 + 3 * H, key: 'aave:USDC', asset: 'USDC', units: 100 }],
    rebalances: [
      { timeMs: T0 + 7 * H, kind: 'wallets' },
      { timeMs: T0 + 9 * H, kind: 'wallets' },
    ],
    hedgePnl: [
      { timeMs: T0 + 10 * H, kind: 'hedgeFee', asset: 'WETH', usd: -0.8 },
      { timeMs: T0 + 10 * H, kind: 'hedgeFunding', asset: 'WETH', usd: -0.3 },
    ],
    baseFees: baseFeeColumns([10, 12, 9, 15, 11].map((gwei, i) => ({ timeMs: T0 + (2 + 4 * i) * H, wei: gwei * 1e9 }))),
    priceHistory: [
      ...[3, 2, 1].map((days) => ({ timeMs: T0 + 18 * H - days * DAY, prices: { WETH: 2_000 + 30 * days, USDC: 1 } })),
      { timeMs: T0 + 18 * H, prices: { WETH: 1_980, USDC: 1 } },
    ],
    // Three daily returns: VaR's minimum lowered to them, so its full path runs.
    var: { windowDays: 90, confidence: 0.99, minReturns: 3 },
    nodes: [
      { node: 'a', head: 100n, syncing: false, roundTripMs: 80 },
      { node: 'b', head: 98n, syncing: false, roundTripMs: 400 },
    ],
    endpoints: [
      { endpoint: 'rpc:a', roundTripMs: 80, timeoutMs: 5_000 },
      { endpoint: 'quote-log', roundTripMs: 120, timeoutMs: 5_000 },
    ],
    rfqProbe: { roundTripMs: 90, timeoutMs: 5_000 },
  });
}

const PARTS = new Set<string>(DATA_INPUT_IDS);

/** The dataset as the formula sees it: reading a part records it, reading one not stated throws. */
function recording(data: Dataset, kpi: KpiDefinition): { data: Dataset; read: Set<DataInput> } {
  const read = new Set<DataInput>();
  const watched = new Proxy(data, {
    get(target, key, receiver) {
      if (typeof key === 'string' && PARTS.has(key)) {
        const part = key as DataInput;
        if (!kpi.reads.includes(part)) {
          throw new Error(`${kpi.id} reads ${part}, which its catalogue reads do not state`);
        }
        read.add(part);
      }
      return Reflect.get(target, key, receiver);
    },
  });
  return { data: watched, read };
}

function evaluateRecording(kpi: KpiDefinition) {
  const { data, read } = recording(richDataset(), kpi);
  const worst = (breakdown: Record<string, number>) => worstEntry(kpi, Object.values(breakdown));
  const result = REGISTRY[kpi.id].formula({ data, window: data.window, worst });
  return { result, read };
}

describe('each KPI reads exactly what its catalogue entry states', () => {
  it.each(KPIS.map((kpi) => [kpi.id, kpi] as const))('%s', (_id, kpi) => {
    const { result, read } = evaluateRecording(kpi);
    // The full path was taken: the rich dataset gives every KPI a value.
    expect(result.value).not.toBeNull();
    expect(result.value).toEqual(expect.any(Number));
    // Nothing outside the stated parts (the proxy throws on those), and every stated part read.
    expect([...read].sort()).toEqual([...kpi.reads].sort());
  });

  it('fails a KPI whose formula reads a part it does not state', () => {
    const uptime = KPIS.find((kpi) => kpi.id === 'uptime') as KpiDefinition;
    const { data } = recording(richDataset(), { ...uptime, reads: ['fills'] });
    expect(() => REGISTRY.uptime.formula({ data, window: data.window, worst: () => null })).toThrow(
      'uptime reads rfqs, which its catalogue reads do not state'
    );
  });
});

describe('what is gathered for a query', () => {
  it.each(KPIS.map((kpi) => [kpi.id, kpi] as const))('%s: its stated reads', (_id, kpi) => {
    expect(partsFor([kpi.id])).toEqual(new Set(kpi.reads));
  });

  it('the union of the KPIs’ reads; every part of the dataset is read by some KPI; unknown ids add nothing', () => {
    expect(partsFor(['uptime', 'quote_acceptance', 'node_health'])).toEqual(new Set(['rfqs', 'fills', 'nodes']));
    expect(partsFor(['var_99_1d', 'total_pnl'])).toEqual(
      new Set([
        'snapshots',
        'priceHistory',
        'fills',
        'walletTxs',
        'flashLoans',
        'debtFlows',
        'hedgePnl',
        // revision 2: total PnL takes external flows out, and the hedge venue deposits out of hedge PnL
        'externalFlows',
        'venueDeposits',
      ])
    );
    expect(partsFor(KPIS.map((kpi) => kpi.id))).toEqual(new Set(DATA_INPUT_IDS));
    expect(partsFor(['no_such_kpi'])).toEqual(new Set());
  });
});
