/**
 * The KPI catalogue: the one place where a KPI's name, unit, formula, target, bands and action plans
 * are written. Definitions follow the framework (docs/kpi-framework.md, from the market maker's own
 * write-up). Critical bands the seed leaves open are choices, listed in each KPI's `choices`, and every
 * band can be overridden per data source (see overrides.ts).
 *
 * The words say what the engine computes (pkg/engine/kpis/registry.ts names each KPI's formula): a
 * KPI's `reads` are checked against what its formula reads, and its `sources` against its `reads`.
 */
import type { BandStep, DataInput, KpiDefinition, KpiPlans, SourceId } from './types';

/** Bands for "higher is better": critical below `critical`, warning below `ok`. */
function higher(critical: number, ok: number): BandStep[] {
  return [
    { from: null, state: 'critical' },
    { from: critical, state: 'warning' },
    { from: ok, state: 'ok' },
  ];
}

/** Bands for "lower is better": warning from `warning`, critical from `critical`. */
function lower(warning: number, critical: number): BandStep[] {
  return [
    { from: null, state: 'ok' },
    { from: warning, state: 'warning' },
    { from: critical, state: 'critical' },
  ];
}

/** Bands for a two-sided target: ok in [okLow, okHigh), warning in the next zone out, critical beyond. */
function band(criticalLow: number, okLow: number, okHigh: number, criticalHigh: number): BandStep[] {
  return [
    { from: null, state: 'critical' },
    { from: criticalLow, state: 'warning' },
    { from: okLow, state: 'ok' },
    { from: okHigh, state: 'warning' },
    { from: criticalHigh, state: 'critical' },
  ];
}

const uptimePlans = { warning: 'uptime-warning', critical: 'uptime-critical' } as const;
const positionPlans = { warning: 'position-moderate', critical: 'position-high-risk' } as const;
const riskPlans = { warning: 'risk-early-warning', critical: 'risk-active-reduction' } as const;
const lowInventory = { warning: 'inventory-low', critical: 'inventory-low' } as const;
const highInventory = { warning: 'inventory-high', critical: 'inventory-high' } as const;
const performancePlans = { warning: 'performance-recovery', critical: 'performance-recovery' } as const;

const below = (plans: KpiPlans['below']): KpiPlans => ({ below: plans });
const above = (plans: KpiPlans['above']): KpiPlans => ({ above: plans });

const defaults = { judgedOn: 'value', perAsset: false, measuredAtQueryTime: false, choices: [] } as const;

// What the KPIs read (pkg/engine/model.ts `Dataset`), and where that comes from (types.ts DATA_INPUTS).
const STATE: readonly DataInput[] = ['snapshots'];
const PNL: readonly DataInput[] = ['snapshots', 'fills', 'walletTxs', 'flashLoans', 'debtFlows', 'hedgePnl'];
const STATE_SOURCES: SourceId[] = ['rpc', 'erc20', 'chainlink', 'coingecko', 'aave-v3', 'compound-v3', 'hedge-venue'];
const FILL_SOURCES: SourceId[] = ['1inch', 'quote-log', 'rpc', 'erc20', 'chainlink', 'coingecko'];
const PNL_SOURCES: SourceId[] = [...STATE_SOURCES, '1inch', 'quote-log'];
// Revision 2's total PnL: the NAV change less external flows, and the parts it adds up to.
const TOTAL_PNL: readonly DataInput[] = [...PNL, 'externalFlows', 'venueDeposits'];
const NAV_IN_WORDS =
  'NAV = wallet tokens (the flash-loan receiver’s included) + supplied − borrowed, each × its price, + the wallets’ native ETH × the ETH/USD price (its own line, “ETH (gas)”) + the hedge venue’s equity (balances × price + the positions’ unrealized PnL)';

export const KPIS: readonly KpiDefinition[] = [
  // ── 1. System uptime ────────────────────────────────────────────────────────────────────────────
  {
    ...defaults,
    id: 'uptime',
    name: 'Quoting uptime',
    area: 'uptime',
    unit: 'percent',
    min: 0,
    max: 100,
    description: 'Share of RFQs the market maker answered: the availability of quoting as counterparties see it.',
    formula:
      'RFQs received in the range that the quote log records without an error (answered with a quote or a deliberate no-quote) ÷ RFQs received × 100. Without a quote log there is no value: the error says one is needed.',
    direction: 'higher',
    target: '≥ 99.5 %',
    bands: higher(98, 99.5),
    plans: below(uptimePlans),
    reads: ['rfqs'],
    sources: ['quote-log'],
  },
  {
    ...defaults,
    id: 'quote_response_ms',
    name: 'Quote response time',
    area: 'uptime',
    unit: 'ms',
    min: 0,
    description: 'Time from receiving an RFQ to sending the quote; with an RFQ probe, also a synthetic RFQ timed now.',
    formula:
      'Mean of quotedAt − receivedAt over the RFQs received in the range that were quoted, from the quote log (p50 and p95 alongside); no value when none was. When the range ends now (within 60 s) and an RFQ probe is configured, a synthetic RFQ (buy 1 unit of the first volatile asset against the first stable one) is sent to it and its round trip is the breakdown entry “probe”, judged under the same bands; a probe that gets no quote counts at its 5,000 ms timeout and is named in a note. The probe is never part of the mean, nor of a series point before the range’s end.',
    direction: 'lower',
    target: '< 500 ms',
    bands: lower(500, 1000),
    plans: above(uptimePlans),
    reads: ['rfqs', 'rfqProbe'],
    sources: ['quote-log', 'rfq-probe'],
    choices: [
      'Critical from 1,000 ms (twice the seed target).',
      'The probe is its own entry, not averaged into the quote log’s mean: one synthetic RFQ is a different measurement from the quotes counterparties got.',
      'A range ends now when its end is within 60 s of the moment the query runs.',
    ],
  },
  {
    ...defaults,
    id: 'node_health',
    name: 'Node health score',
    area: 'uptime',
    unit: 'percent',
    min: 0,
    max: 100,
    description:
      'Composite of sync status and response time of every configured Ethereum node; the KPI is the worst node.',
    formula:
      'Per node, measured when the query runs with one batch of eth_blockNumber and eth_syncing: (0.7 × sync + 0.3 × speed) × 100. sync = 1 when not syncing and within 1 block of the highest head any node reported, falling linearly to 0 at 10 blocks behind (0 while syncing); speed = 1 at ≤ 200 ms round trip of the batch, linearly to 0 at 2,000 ms. A node that does not answer with a block number within 5 s scores 0 and is named in a note, never left out. The KPI is the worst node; each node is its own entry. No history: a range that ends now (within 60 s) has the value and one series point at its end; any other range has no value and no point, and a note says why.',
    direction: 'higher',
    target: '> 95 %',
    bands: higher(80, 95),
    plans: below(uptimePlans),
    reads: ['nodes'],
    sources: ['rpc'],
    breakdown: 'node',
    measuredAtQueryTime: true,
    choices: [
      'sync falls linearly from 1 block behind (1) to 10 blocks behind (0).',
      'speed falls linearly from 200 ms (1) to 2,000 ms (0).',
      'The KPI shows the worst node (the lowest score), not the mean; a node that does not answer scores 0.',
      'A range ends now when its end is within 60 s of the moment the query runs; only then is the KPI measured.',
      'Critical below 80 %.',
    ],
  },
  {
    ...defaults,
    id: 'settlement_success',
    name: 'Settlement success rate',
    area: 'uptime',
    unit: 'percent',
    min: 0,
    max: 100,
    description: 'Share of settlement transactions that succeeded on-chain.',
    formula:
      'Settlement transactions mined in the range with receipt status 1 ÷ all of them × 100: every transaction the wallets sent (reverted ones included) and the transaction of every accepted quote in the quote log, each once. An accepted quote whose transaction the chain does not know yet is not counted.',
    direction: 'higher',
    target: '> 99.5 %',
    bands: higher(98, 99.5),
    plans: below(uptimePlans),
    reads: ['settlements'],
    sources: ['quote-log', 'rpc'],
    choices: ['Critical below 98 %, as for uptime.'],
  },
  {
    ...defaults,
    id: 'gas_price_impact',
    name: 'Gas price volatility',
    area: 'uptime',
    unit: 'percent',
    min: 0,
    description: 'How much the base fee swings, which makes settlement costs unpredictable.',
    formula:
      'Population standard deviation ÷ mean of the base fee of every block in the 24 h before the range’s end (as a series, before each point), × 100 (eth_feeHistory). Block times are interpolated between the span’s ends when it holds more than 2,000 blocks.',
    direction: 'lower',
    target: '< 20 % variation',
    bands: lower(20, 40),
    plans: above({ warning: 'uptime-warning', critical: 'risk-early-warning' }),
    reads: ['baseFees'],
    sources: ['rpc'],
    choices: [
      'Volatility is the coefficient of variation of the base fee.',
      'Where the 24 h span holds more than 2,000 blocks, which block falls in it is told by times interpolated between its ends (exact on evenly spaced chains).',
      'Critical from 40 %; it opens the risk early-warning plan (gas optimisation is there).',
    ],
  },
  {
    ...defaults,
    id: 'quote_acceptance',
    name: 'Quote acceptance rate',
    area: 'uptime',
    unit: 'percent',
    min: 0,
    max: 100,
    description: 'Share of the quotes given that counterparties executed on-chain.',
    formula:
      'Quotes given (RFQs received in the range and answered with a price) whose order was filled on chain ÷ quotes given × 100. A quote is filled when a 1inch fill carries its order hash, up to an hour after the range’s end.',
    direction: 'higher',
    target: '> 30 %',
    bands: higher(15, 30),
    plans: below({ warning: 'uptime-warning', critical: 'uptime-warning' }),
    reads: ['rfqs', 'fills'],
    sources: FILL_SOURCES,
    choices: [
      'A quote counts as filled when its fill comes up to an hour after the range’s end (for every series point too): fills follow quotes within a block or two.',
      'Critical below 15 %; both states open the warning-level plan (quoting parameters are there).',
    ],
  },
  {
    ...defaults,
    id: 'network_latency_ms',
    name: 'Network latency',
    area: 'uptime',
    unit: 'ms',
    min: 0,
    description:
      'Round trip to every configured endpoint: the RPC nodes, the quote log, the hedge venue, CoinGecko, Dune and the RFQ probe; the KPI is the slowest.',
    formula:
      'Round trip, measured when the query runs, of a cheap call to every configured endpoint: each RPC node (the node-health batch: eth_blockNumber and eth_syncing), the quote log (an empty page), the hedge venue (its account), CoinGecko (/api/v3/ping), Dune (a GET of its base URL, without the key) and the RFQ probe (a GET of its URL). For the GETs any HTTP answer below 500 counts as an answer; a node answers only with a block number. The KPI is the worst (slowest) endpoint; each endpoint is its own entry. One that does not answer within its 5,000 ms timeout (or answers 500 or above) counts at that timeout and is named in a note, never left out. No history: a range that ends now (within 60 s) has the value and one series point at its end; any other range has no value and no point, and a note says why.',
    direction: 'lower',
    target: '< 200 ms',
    bands: lower(200, 500),
    plans: above(uptimePlans),
    reads: ['endpoints'],
    sources: ['rpc', 'quote-log', 'hedge-venue', 'coingecko', 'dune', 'rfq-probe'],
    breakdown: 'node',
    measuredAtQueryTime: true,
    choices: [
      'The KPI shows the worst (slowest) endpoint, not the mean.',
      'An endpoint that does not answer counts at its probe’s 5,000 ms timeout and is named; for the GETs any HTTP answer below 500 counts as an answer (the endpoint is up).',
      'A range ends now when its end is within 60 s of the moment the query runs; only then is the KPI measured.',
      'Critical from 500 ms.',
    ],
  },
  {
    ...defaults,
    id: 'execution_latency_ms',
    name: 'Trade execution latency',
    area: 'uptime',
    unit: 'ms',
    min: 0,
    description: 'Time from giving a quote to its settlement on-chain.',
    formula:
      'Mean of fill block timestamp − quotedAt over the fills mined in the range whose quote has a quotedAt. Fills are those of the quote log’s orders (matched by order hash), read for the RFQs received from an hour before the range to its end.',
    direction: 'lower',
    target: '< 300 ms',
    bands: lower(300, 1000),
    plans: above(uptimePlans),
    reads: ['fills'],
    sources: FILL_SOURCES,
    choices: [
      'Measured from quotedAt to the fill’s block timestamp.',
      'The seed’s 300 ms target is kept, though it cannot be met on Ethereum L1, where settlement takes at least one block (12 s): this KPI shows critical there until the target is overridden for the chain. This text says so wherever the number is shown, and the value carries a notice saying so.',
      'Critical from 1,000 ms.',
    ],
  },

  // ── 2. Position management ──────────────────────────────────────────────────────────────────────
  {
    ...defaults,
    id: 'net_delta',
    name: 'Net position delta',
    area: 'position',
    unit: 'percent',
    description:
      'Unhedged exposure per non-stable asset, against its neutral level where one is set (settings: assets[].neutralUnits), else against its wallet and supplied holdings; the neutral level in force is named on the value.',
    formula:
      'Per non-stable asset at the state block, in its units: net exposure = long − short, long = wallets + supplied (Aave aToken, Comet collateral and base supplied) + the balance held at the hedge venue + hedge longs, short = borrowed (Aave variable and stable debt, Comet borrow) + hedge shorts. With a configured neutral level N: (net − N) ÷ N × 100; without one: net ÷ (wallets + supplied) × 100; no value for an asset whose divisor is 0. The note on the value names the neutral level in force per asset. Stablecoins (assets marked stable) have no delta. The KPI is the worst asset, each judged under its own bands (a per-asset override, `net_delta:SYMBOL`, decides its state and plan, the headline’s too); each asset is its own series.',
    direction: 'band',
    target: 'within ± 2 % (± 5 % tolerated)',
    bands: band(-5, -2, 2, 5),
    plans: { below: positionPlans, above: positionPlans },
    reads: STATE,
    sources: STATE_SOURCES,
    perAsset: true,
    breakdown: 'asset',
    choices: [
      'Measured against the neutral level where one is configured, else as a share of the wallet and supplied holdings (an unhedged long reads 100 %, a fully hedged one 0 %); the value’s note, the panel and the alert text name the level in force.',
      'Stablecoins are cash and have no delta (and no alert rule); mark an asset `stable: false` to give it one.',
      'What the hedge venue holds of an asset (its balance there, not its perp) is long exposure, as the wallets’ balance is.',
      'Edges follow Grafana’s threshold rule (a value equal to an edge takes the state above it), so exactly +2 % is warning and exactly +5 % is critical, where the seed reads them as the lower state.',
    ],
  },
  {
    ...defaults,
    id: 'concentration',
    name: 'Position concentration',
    area: 'position',
    unit: 'percent',
    min: 0,
    max: 100,
    description: 'How much of the portfolio sits in a single non-stable asset.',
    formula:
      'At the state block: the largest non-stable asset’s net exposure value (|net units × price|, net units as in Net position delta: wallets + supplied + hedge venue balance + perp − borrowed) ÷ NAV × 100. The breakdown gives every asset’s signed share of NAV, stablecoins included, for information. No value when NAV is not positive.',
    direction: 'lower',
    target: '< 25 %',
    bands: lower(25, 40),
    plans: above(positionPlans),
    reads: STATE,
    sources: STATE_SOURCES,
    breakdownIsInformation: true,
    choices: [
      'Stablecoins are cash, not concentration: their shares are shown but never the value; an asset marked `stable: false` counts.',
      'A perp reduces its asset’s net exposure (a hedged position is not concentrated).',
      'Critical from 40 %.',
    ],
  },
  {
    ...defaults,
    id: 'hedge_coverage',
    name: 'Hedging coverage',
    area: 'position',
    unit: 'percent',
    min: 0,
    description:
      'How much of the non-stable exposure above its neutral level the hedges offset; over-hedging is a warning too. The neutral levels in force are named on the value.',
    formula:
      'At the state block, over the non-stable assets: Σ |perp| × price of the perps on the opposite side of their asset’s exposure ÷ Σ |exposure| × price × 100, where exposure = wallets + supplied − borrowed − the neutral level (settings: assets[].neutralUnits; 0 where none is set: all holdings are then to hedge). A perp on the same side offsets nothing. Uncapped: above 105 % is over-hedged. No value when there is nothing to hedge.',
    direction: 'band',
    target: '95–105 %',
    bands: [
      { from: null, state: 'critical' },
      { from: 80, state: 'warning' },
      { from: 95, state: 'ok' },
      { from: 105, state: 'warning' },
    ],
    plans: { below: positionPlans, above: positionPlans },
    reads: STATE,
    sources: STATE_SOURCES,
    choices: [
      'The exposure to hedge is the non-stable holdings above their neutral level, all of them where none is set; the value’s note, the panel and the alert text name the levels in force.',
      'Over-hedged (from 105 %) is a warning, never critical; under-hedged is critical below 80 %.',
    ],
  },
  {
    ...defaults,
    id: 'max_drawdown',
    name: 'Maximum drawdown',
    area: 'position',
    unit: 'percent',
    min: 0,
    max: 100,
    description:
      'Largest peak-to-trough fall of the flow-adjusted net asset value over the range: capital moved in or out is not a loss.',
    formula: `Largest fall from a running peak of flow-adjusted NAV (NAV − the external flows since the range’s start, a block’s own flows counted at it) to a later one, ÷ that peak × 100, over the NAV at the range’s state blocks (${NAV_IN_WORDS}). External flows: transfers between a wallet and an outside address that are not trades or venue operations (capital in +, profit out −), at their block’s prices. Falls count once the adjusted NAV has been positive (no value when it never was); a series point covers the range’s start to the point.`,
    direction: 'lower',
    target: '< 10 %',
    bands: lower(10, 20),
    plans: above(riskPlans),
    reads: ['snapshots', 'externalFlows'],
    sources: STATE_SOURCES,
    choices: [
      'Critical from 20 %; a drawdown opens the risk plans, which are about capital at risk.',
      'Flow-adjusted (revision 2): a deposit of capital or a withdrawal of profit moves NAV without being a gain or a loss.',
      'A transfer to the hedge venue’s deposit address (settings venues.hedge.depositAddress) or to a lending market moves value inside the portfolio: not a flow. A transaction that both pays out and receives (a fill, a swap) is a trade: not a flow.',
      'Flows are ERC-20 transfers only: native ETH sent to or from the wallets by an outside address is not one. A withdrawal from the hedge venue to a wallet is a flow in unless it comes from the deposit address, so one from an exchange’s hot wallet reads as a fall of the adjusted NAV.',
      'Before the adjusted NAV has been positive (wallets funded inside the range) there is no peak to fall from.',
    ],
  },

  // ── 3. Inventory management ─────────────────────────────────────────────────────────────────────
  {
    ...defaults,
    id: 'onchain_inventory',
    name: 'On-chain inventory share',
    area: 'inventory',
    unit: 'percent',
    min: 0,
    max: 100,
    description: 'Share of the inventory available on-chain for settlement.',
    formula:
      'On-chain value, Σ (wallet tokens + supplied − borrowed) × price + the wallets’ native ETH × the ETH/USD price, ÷ NAV × 100 at the state block; NAV adds the hedge venue’s equity (balances × price + the positions’ unrealized PnL). The flash-loan receiver is one of the wallets. No value when NAV is 0.',
    direction: 'higher',
    target: '> 50 % of total',
    bands: higher(35, 50),
    plans: below(lowInventory),
    reads: STATE,
    sources: STATE_SOURCES,
    choices: ['Critical below 35 %.'],
  },
  {
    ...defaults,
    id: 'hedged_inventory',
    name: 'Hedged inventory share',
    area: 'inventory',
    unit: 'percent',
    min: 0,
    max: 100,
    description: 'Share of the inventory posted at the hedge venue.',
    formula: `Hedge venue equity (balances × price + the positions’ unrealized PnL) ÷ NAV × 100 at the state block (${NAV_IN_WORDS}); no value when NAV is 0.`,
    direction: 'higher',
    target: '> 25 %',
    bands: higher(15, 25),
    plans: below(lowInventory),
    reads: STATE,
    sources: STATE_SOURCES,
    choices: ['Critical below 15 %.'],
  },
  {
    ...defaults,
    id: 'inventory_turnover',
    name: 'Inventory turnover',
    area: 'inventory',
    unit: 'suffix:×/day',
    min: 0,
    description: 'How hard the inventory works: traded volume per unit of inventory, per day.',
    formula:
      'Fill volume in USD (base amount × its price at the fill’s block) ÷ time-weighted mean NAV ÷ days. Each state block’s NAV holds from its time until the next state block’s (the state before the range from the range’s start), so a range between two blocks has the NAV of the block before it. As a series each point covers the 24 h before it; as one value, the whole range. No value when the mean NAV is not positive.',
    direction: 'higher',
    target: '> 2.0× per day',
    bands: higher(1, 2),
    plans: below(highInventory),
    reads: ['snapshots', 'fills'],
    sources: [...STATE_SOURCES, '1inch', 'quote-log'],
    choices: [
      'The seed’s "× 100" and "2.0x" disagree; a daily ratio is used.',
      'Critical below 1× per day; low turnover means idle inventory, so it opens the high-inventory plan.',
    ],
  },
  {
    ...defaults,
    id: 'rebalancing_count',
    name: 'Rebalancing frequency',
    area: 'inventory',
    unit: 'suffix:/day',
    min: 0,
    description:
      'How often inventory moves between two parts of the portfolio: wallets, lending markets, the hedge venue.',
    formula:
      'ERC-20 transfers in the transactions the wallets sent between two parts of the portfolio — wallet to wallet (any token), a configured token between a wallet and a lending market’s contract (Aave’s pool, aTokens and debt tokens, a Comet market: supply, borrow, repay, withdraw), wallet to the hedge venue’s deposit address — ÷ days; the wallets here are the maker, settlement and treasury wallets, not the flash-loan receiver; the parts count each kind. As a series each point covers the 24 h before it; as one value, the mean per day over the range. No value where the range holds no state block.',
    direction: 'band',
    target: '1–24 per day',
    bands: [
      { from: null, state: 'warning' },
      { from: 1, state: 'ok' },
      { from: 24, state: 'warning' },
      { from: 48, state: 'critical' },
    ],
    plans: { below: lowInventory, above: highInventory },
    reads: ['snapshots', 'rebalances'],
    sources: STATE_SOURCES,
    choices: [
      'A rebalancing is one transfer between two parts of the portfolio; swaps and fills are trades, not rebalancing, and a flash loan (pool to the receiver contract and back) is not counted: flash-loan exposure judges it.',
      'Only transfers between the wallets that send transactions (maker, settlement, treasury) count as wallet to wallet: one to or from the flash-loan receiver is not counted.',
      'The seed says "within tolerance"; the default tolerance is 1–24 per day.',
      'No rebalancing at all is a warning, not critical; more than 48 a day is critical.',
    ],
  },
  {
    ...defaults,
    id: 'inventory_level',
    name: 'Inventory level',
    area: 'inventory',
    unit: 'percent',
    min: 0,
    description: 'Each asset’s inventory against its target level.',
    formula:
      'Per asset with a target, at the state block: (wallets + supplied − borrowed + hedge venue balance) × price ÷ the asset’s configured target value (USD) × 100. Perps are hedges, not inventory; native ETH is its own NAV line. The KPI is the worst asset, each under its own bands; assets without a target (or a target of 0) are left out, and with none there is no value.',
    direction: 'band',
    target: '50–150 % of target',
    bands: band(25, 50, 150, 200),
    plans: { below: lowInventory, above: highInventory },
    reads: STATE,
    sources: STATE_SOURCES,
    perAsset: true,
    breakdown: 'asset',
    choices: ['Default bounds 50 %–150 % of the target level.', 'Critical below 25 % or from 200 %.'],
  },

  // ── 4. Risk ────────────────────────────────────────────────────────────────────────────────────
  {
    ...defaults,
    id: 'var_99_1d',
    name: 'Value at risk (99 %, 1 day)',
    area: 'risk',
    unit: 'percent',
    min: 0,
    max: 100,
    description: 'The one-day loss not exceeded with 99 % confidence, as a share of capital.',
    formula:
      'Historical simulation at the state block: each asset’s net exposure, (wallets + supplied − borrowed + hedge venue balance + perp) × price, the ETH asset’s with the wallets’ native ETH, revalued with each of the last N (90) daily price returns before the block (the prices in force 0, 1, … N days before it: those of the latest block read at or before each time, i.e. the range’s state blocks and the blocks 1 … N days before its last state block, which a series point before the range’s end uses too); the loss at the 1st percentile of those P&Ls (interpolated) ÷ NAV × 100, 0 when even that is a gain. The look-back stops at the first day without a price. Fewer than 30 daily returns: no value, and the note says how many there are.',
    direction: 'lower',
    target: '< 3 % of capital',
    bands: lower(3, 5),
    plans: above(riskPlans),
    reads: ['snapshots', 'priceHistory'],
    sources: STATE_SOURCES,
    choices: [
      'Historical simulation over 90 daily returns; at least 30 are needed (a 1st percentile of fewer days is not a 99 % VaR).',
      'The wallets’ native ETH (the gas float) is ETH exposure: it moves with ETH’s price as WETH does.',
      'The daily prices are read once per query, counted back from the range’s last state block: a series point before the range’s end looks its returns up in the same days.',
      'Critical from 5 %.',
    ],
  },
  {
    ...defaults,
    id: 'liquidation_buffer',
    name: 'Liquidation buffer',
    area: 'risk',
    unit: 'percent',
    min: 0,
    description: 'Distance of each lending position from liquidation.',
    formula:
      'Per lending position with debt (venue and wallet), at the state block: (liquidation-weighted collateral − debt) ÷ debt × 100. Aave V3: totalCollateralBase × currentLiquidationThreshold ÷ 10⁴ against totalDebtBase (= (health factor − 1) × 100). Compound III: Σ collateral × price × liquidateCollateralFactor against borrowBalanceOf × base price, at the feeds’ own answers. The KPI is the worst position; with no debt anywhere there is no buffer to watch ("no debt").',
    direction: 'higher',
    target: '> 50 %',
    bands: higher(10, 50),
    plans: below(riskPlans),
    reads: STATE,
    sources: STATE_SOURCES,
    breakdown: 'venue',
    choices: [
      'Critical below 10 %: the seed rebalances when within 10 % of liquidation.',
      'Valued at the feeds’ own answers, a stale one included (not at CoinGecko’s fallback): the protocols’ oracles decide a liquidation.',
    ],
  },
  {
    ...defaults,
    id: 'flashloan_exposure',
    name: 'Flash loan exposure',
    area: 'risk',
    unit: 'percent',
    min: 0,
    description: 'Dependency of trading on flash-loan liquidity.',
    formula:
      'USD volume of the flash loans the wallets’ receiver contracts took in the range (Aave V3 FlashLoan events, at the loan block’s price) ÷ fill volume × 100; no value without fills.',
    direction: 'lower',
    target: '< 20 %',
    bands: lower(20, 40),
    plans: above(riskPlans),
    reads: ['flashLoans', 'fills'],
    sources: [...FILL_SOURCES, 'aave-v3'],
    choices: ['Critical from 40 %.'],
  },
  {
    ...defaults,
    id: 'gas_risk_ratio',
    name: 'Gas risk ratio',
    area: 'risk',
    unit: 'percent',
    min: 0,
    description: 'Share of trading revenue spent on gas.',
    formula:
      'Gas paid by the wallets’ transactions in the range, reverted ones included (gasUsed × effectiveGasPrice, in USD at the block’s ETH price) ÷ the spread captured on fills × 100; no value when that spread is not positive.',
    direction: 'lower',
    target: '< 5 %',
    bands: lower(5, 10),
    plans: above(riskPlans),
    reads: ['walletTxs', 'fills'],
    sources: FILL_SOURCES,
    choices: ['Critical from 10 %.'],
  },

  // ── 5. Performance ─────────────────────────────────────────────────────────────────────────────
  {
    ...defaults,
    id: 'total_pnl',
    name: 'Total PnL',
    area: 'performance',
    unit: 'currencyUSD',
    description:
      'Profit over the range: the change of NAV less the capital moved in or out, split into the parts it adds up to; its state is the trend of the PnL series.',
    formula: `NAV at the range’s last state block − NAV at the state block before the range (navChangeUsd) − net external flows in the range (externalFlowsUsd: capital in +, profit out −, at their block’s prices) = spreadUsd (Σ over fills of value received − value given at the fill block’s prices) + inventoryMtmUsd (Σ over consecutive state blocks of the holdings at the earlier one, wallet tokens, native ETH, supplied − borrowed, × the price change) + hedgePnlUsd (the hedge venue’s equity change less the wallets’ deposits at its deposit address) + interestUsd (− borrow interest: per lending market and asset, debt growth between state blocks that no borrow or repay explains, at the later block’s price) + gasUsd (− the wallets’ gas at the ETH price of its block) + flashLoanFeesUsd (− premiums) + residualUsd (what the parts leave unexplained: the cross terms between sampled state blocks, zero when every block is read as up to 2,000 are; interest earned on supply; native ETH sent in or out from outside; a withdrawal from the venue’s deposit address; rounding). ${NAV_IN_WORDS}. The state judges the least-squares slope of the cumulative PnL (NAV − NAV before the range − flows so far) at the range’s state blocks, in USD per day.`,
    direction: 'higher',
    target: 'positive trend',
    bands: higher(-10000, 0),
    judgedOn: 'trend',
    judgedUnit: 'USD/day',
    plans: below(performancePlans),
    breakdown: 'part',
    reads: TOTAL_PNL,
    sources: PNL_SOURCES,
    choices: [
      'Revision 2: value = NAV change − external flows, so inventory losses count; the parts are shown beside it (pmm-monitor kpis --json prints them as total_pnl.parts).',
      'External flows: transfers between a wallet and an outside address that are not trades (a transaction that both pays out and receives) or venue operations (lending markets, the hedge venue’s deposit address).',
      'Interest earned on supplied assets has no part of its own: it lands in the residual.',
      'A withdrawal from the hedge venue to a wallet is not taken out of hedge PnL: sent from the deposit address it reads as a hedge loss that the residual offsets; sent from another address (an exchange’s hot wallet) it is an external flow in, and total PnL reads it as a loss.',
      'Native ETH is not read as a flow: ETH sent to or from the wallets by an outside address counts as a gain or a loss (in the residual).',
      'Compound III: a base withdrawal counts as a borrow and a base supply as a repayment (the market maker posts collateral and never lends base).',
      'The seven parts that add up to the value are its breakdown (kind `part`): shown beside the value, never judged by its bands.',
      'A trend at or above 0 USD/day is ok; warning below it; critical below −10,000 USD/day (override for the size of the book).',
    ],
  },
  {
    ...defaults,
    id: 'token_pnl',
    name: 'PnL per token',
    area: 'performance',
    unit: 'currencyUSD',
    description: 'Profit over the range attributed to each asset.',
    formula:
      'Per asset: the parts of total PnL attributed to it: a fill’s spread to its base asset; inventory mark-to-market of its holdings (native ETH to the asset priced as ETH); hedge PnL of its perp (size × mark change) and its share of the venue’s fees (by traded notional, |Δsize| × mark) and funding (by the signed notional held before, size × mark), the rest of the venue’s equity change to the asset it holds most value of at the range’s last state block (its margin; the first configured asset when it holds none); minus the costs attributed to it (a transaction’s gas to the first configured asset it moved, else ETH, borrow interest and flash-loan premiums to their asset). The assets add up to total PnL less its residual. The KPI is the worst asset, each under its own bands.',
    direction: 'higher',
    target: 'token-specific (default ≥ 0)',
    bands: higher(-5000, 0),
    plans: below(performancePlans),
    reads: TOTAL_PNL,
    sources: PNL_SOURCES,
    perAsset: true,
    breakdown: 'asset',
    choices: [
      'Default: ok at or above 0 USD, critical below −5,000 USD; set per token with a `token_pnl:SYMBOL` override.',
      'What the perps do not explain of the venue’s equity change (the margin’s revaluation) goes to the asset the venue holds most value of.',
    ],
  },
  {
    ...defaults,
    id: 'revenue_efficiency',
    name: 'Revenue efficiency',
    area: 'performance',
    unit: 'percent',
    min: 0,
    description: 'Revenue earned per unit of trading cost.',
    formula:
      '(Spread captured on fills + interest earned) ÷ (gas + borrow interest + flash-loan premiums + hedge fees + funding paid) × 100; funding paid counts each charge of the venue per asset and state, funding received is not revenue. No value when those costs are not positive.',
    direction: 'higher',
    target: '> 150 %',
    bands: higher(100, 150),
    plans: below(performancePlans),
    reads: PNL,
    sources: PNL_SOURCES,
    choices: [
      'Critical below 100 %: trading then costs more than it earns.',
      'Revision 2: funding received is neither revenue nor a cost saving; only what the venue charged counts. Interest earned on supply is not read (none is counted).',
    ],
  },
];
