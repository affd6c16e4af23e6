/**
 * The action plans: what the team does when a KPI leaves its ok band. They are data, not prose in a
 * page, because several readers need the same words: the panel links a red KPI to its plan, the plan
 * pages render the sections and steps, and every alert rule's runbook link points at a plan by id.
 *
 * The first eight follow the market maker's own framework (shared seed/rfq-monitoring-framework.md,
 * "Action Plans" and "Mitigation Strategies"), rewritten as concrete steps for this desk: an on-chain PMM
 * on Ethereum answering 1inch RFQs, borrowing on Aave V3 and Compound III, hedging at a hedge venue.
 * Every seed bullet is covered by a step; tests/fixtures/plan-coverage.ts says which one, and
 * plans.test.ts checks it against the seed. `performance-recovery` is ours: the seed has no plan for a
 * falling PnL or a low revenue efficiency.
 */
import type { ActionPlan } from './types';

export const PLANS: readonly ActionPlan[] = [
  // ── Uptime (seed 1.2) ─────────────────────────────────────────────────────────────────────────────
  {
    id: 'uptime-critical',
    title: 'Critical uptime response',
    area: 'uptime',
    trigger: 'Quoting uptime below 98 %, or another uptime KPI in its critical band',
    summary:
      'Quoting is failing often enough to lose flow and risk bad fills. Stop quoting, protect the book, get the team on it, then restore service in stages and learn from the incident.',
    sections: [
      {
        id: 'immediate-actions',
        title: 'Immediate actions',
        steps: [
          {
            id: 'activate-backup-nodes',
            text: 'Switch the RPC pool to the standby nodes (the second provider key, our own node) and check in Node health score that the node now in use is in sync and answering fast.',
          },
          {
            id: 'pause-quoting',
            text: 'Stop answering 1inch RFQs: put the quote endpoint in no-quote mode so that the failing systems take no more load and no new order is signed while prices, nodes or settlement cannot be trusted.',
          },
          {
            id: 'cancel-open-quotes',
            text: 'Cancel quotes already signed and not yet expired if their prices may be stale (cancel the orders or raise the maker nonce on the 1inch Limit Order Protocol).',
          },
          {
            id: 'unwind-if-exposed',
            text: 'If Net position delta or Liquidation buffer is already out of its band, unwind now without waiting for quoting to return: hedge the delta at the hedge venue, repay or top up the Aave V3 / Compound III positions.',
          },
          {
            id: 'page-team',
            text: 'Page the on-call engineers on several channels at once (Slack, SMS and email contact points on the Grafana alert) so that one missed channel cannot hide the incident.',
          },
        ],
      },
      {
        id: 'recovery-steps',
        title: 'Recovery steps',
        steps: [
          {
            id: 'find-root-cause',
            text: 'Find the cause in the logs the services already write: quote-service errors and timeouts in the quote log, RPC error rates, failed settlement receipts, and which PMM Monitor KPI turned red first.',
          },
          {
            id: 'move-to-standby',
            text: 'If the primary quoting host, its signer or its network is compromised or down, move quoting to the standby deployment (another host or region, its own signer key).',
          },
          {
            id: 'run-failover',
            text: 'Run the written failover for every component that is failing: RPC provider, price reader (Chainlink, with CoinGecko as fallback), hedge venue connection, settlement sender.',
          },
          {
            id: 'reroute-slow-paths',
            text: 'When Network latency or Trade execution latency is the cause, send traffic over a faster path or improve the link: an RPC region nearer the quote service, a private relay for settlement transactions, a direct connection to the hedge venue.',
          },
          {
            id: 'check-external-apis',
            text: 'Test each external connection (Chainlink feeds, 1inch API, Aave V3 and Compound III reads, hedge venue API, CoinGecko) with the data source health check, and switch any that fails or returns stale data to its fallback.',
          },
          {
            id: 'restore-in-stages',
            text: 'Bring quoting back in stages: a few pairs at small size and wide spread first, full size only once Quoting uptime, Quote response time and Settlement success rate have stayed in their ok bands for an agreed period (e.g. 30 minutes).',
          },
        ],
      },
      {
        id: 'post-recovery',
        title: 'Post-recovery',
        steps: [
          {
            id: 'incident-review',
            text: 'Hold an incident review within two working days: the timeline from the first red KPI to full service, what broke, and what slowed detection or recovery.',
          },
          {
            id: 'retune-thresholds',
            text: 'Retune the KPI bands (data source band overrides) and alert rules where the incident showed them too loose, too late or too noisy.',
          },
          {
            id: 'ship-fixes',
            text: 'Ship the fixes that stop a repeat (an extra RPC provider, shorter timeouts, automatic failover) and track each to completion with an owner.',
          },
          {
            id: 'record-lessons',
            text: 'Write the lessons and any runbook changes into the team runbook, linked from this plan, so that the next on-call engineer finds them.',
          },
        ],
      },
    ],
  },
  {
    id: 'uptime-warning',
    title: 'Uptime warning response',
    area: 'uptime',
    trigger: 'Quoting uptime from 98 % up to 99.5 %, or another uptime KPI in its warning band',
    summary:
      'Service is degraded but still quoting. Find and remove the bottleneck before it becomes an outage, and take less risk per quote meanwhile.',
    sections: [
      {
        id: 'system-optimization',
        title: 'System optimization',
        steps: [
          {
            id: 'scale-quote-service',
            text: 'Give the quote service more capacity (more replicas or a larger instance, autoscaling on the RFQ rate) when Quote response time grows with RFQ volume.',
          },
          {
            id: 'tune-gas-strategy',
            text: 'Review how settlement and rebalancing transactions are priced: take max fee and priority fee from recent eth_feeHistory rather than fixed values, and do not overpay when Gas price volatility is high.',
          },
          {
            id: 'review-quote-parameters',
            text: 'Go through the quoting parameters (pairs quoted, quote expiry, price refresh interval, size tiers) and drop or relax those that cost response time without bringing fills.',
          },
          {
            id: 'read-detailed-logs',
            text: 'Read the detailed quote-service and node logs for rising timeouts, retries and error codes, to catch the fault before uptime drops under 98 %.',
          },
          {
            id: 'cut-network-latency',
            text: 'Find where Network latency goes and cut it: cache prices, nonces and balances between RFQs, keep connections open, use the RPC node and region with the shortest round trip.',
          },
        ],
      },
      {
        id: 'risk-adjustment',
        title: 'Risk adjustment',
        steps: [
          {
            id: 'widen-spreads',
            text: 'Quote wider for as long as the warning lasts (a few basis points per pair), and log the change so that it is reverted afterwards.',
          },
          {
            id: 'cap-quote-size',
            text: 'Lower the maximum notional per quote so that a single delayed or stale fill cannot move Net position delta far.',
          },
          {
            id: 'monitor-closely',
            text: 'Shorten the dashboard refresh and the alert evaluation interval for the uptime KPIs until they are back in the ok band.',
          },
          {
            id: 'verify-data-sources',
            text: 'Cross-check the inputs (Chainlink against CoinGecko and the hedge venue mid price, Aave V3 / Compound III reads from two RPC nodes) and move any source that is stale or diverges to its alternative.',
          },
        ],
      },
    ],
  },

  // ── Position (seed 2.2) ───────────────────────────────────────────────────────────────────────────
  {
    id: 'position-high-risk',
    title: 'High position risk',
    area: 'position',
    trigger:
      'Net position delta beyond ±5 % of the asset’s inventory, or another position KPI (concentration, hedging coverage) in its critical band',
    summary:
      'An unhedged exposure is large enough to hurt. Bring the asset back to neutral now, keep the lending positions safe, then fix the hedging that let it happen.',
    sections: [
      {
        id: 'immediate-rebalancing',
        title: 'Immediate rebalancing',
        steps: [
          {
            id: 'hedge-to-neutral',
            text: 'Hedge the excess at the hedge venue (perp or spot, the opposite side of the exposure) until Net position delta for the asset is back within ±2 %.',
          },
          {
            id: 'skew-quotes',
            text: 'Skew the asset’s 1inch quotes so that incoming flow shrinks the position: a better price on the side that reduces it, a worse one on the side that adds to it.',
          },
          {
            id: 'widen-affected-spreads',
            text: 'Quote wider on every pair that contains the affected asset until its delta is back in band.',
          },
          {
            id: 'repay-borrowings-first',
            text: 'Put freed inventory into repaying Aave V3 / Compound III borrows of the exposed asset before anything else, and start no new flash-loan-financed trades until the position is flat.',
          },
          {
            id: 'watch-collateral',
            text: 'Keep Liquidation buffer on screen for each Aave V3 and Compound III position (Aave health factor, Comet collateral against borrow) and add collateral well before the buffer nears 10 %.',
          },
        ],
      },
      {
        id: 'risk-mitigation',
        title: 'Risk mitigation',
        steps: [
          {
            id: 'strengthen-hedges',
            text: 'Revise the hedging rules for the exposed assets (hedge size, trigger level, instrument) so that Hedging coverage stays above 95 %.',
          },
          {
            id: 'review-counterparties',
            text: 'Review what is held with each counterparty (balance and margin at the hedge venue, Aave V3 and Compound III positions) and how sound each one is; cap the amount left with any single one.',
          },
          {
            id: 'add-hedge-venue',
            text: 'Assess a second hedge venue (another exchange, or an on-chain perp) for assets where the main venue is thin or costly.',
          },
          {
            id: 'weigh-flash-loans',
            text: 'Compare what flash loans bring (the spread on the trades they finance) with what they cost (Aave V3 premium, extra gas, failed-transaction risk) and keep them only where they pay, at every review.',
          },
        ],
      },
    ],
  },
  {
    id: 'position-moderate',
    title: 'Moderate position risk',
    area: 'position',
    trigger:
      'Net position delta between 2 % and 5 % of the asset’s inventory, or another position KPI (concentration, hedging coverage) in its warning band',
    summary:
      'Exposure is drifting away from neutral. Tune hedges, limits and collateral before it reaches the high-risk band, and change what causes the drift.',
    sections: [
      {
        id: 'position-optimization',
        title: 'Position optimization',
        steps: [
          {
            id: 'tune-hedge-ratios',
            text: 'Adjust the hedge ratio per asset so that hedges track the actual exposure more closely (smaller steps, a tighter rehedge trigger) without overtrading.',
          },
          {
            id: 'review-position-limits',
            text: 'Re-set the position limits of the affected assets to what the hedge venue and current volatility can support.',
          },
          {
            id: 'rebalance-collateral',
            text: 'Move collateral between Aave V3, Compound III and the wallets so that each loan keeps a healthy Liquidation buffer while enough free inventory stays available for quoting.',
          },
          {
            id: 'prepay-risky-debt',
            text: 'Start repaying the riskiest debt early: variable-rate borrows of volatile assets and the loans with the thinnest buffer; wind down strategies that lean on flash loans.',
          },
        ],
      },
      {
        id: 'strategy-adjustment',
        title: 'Strategy adjustment',
        steps: [
          {
            id: 'analyse-flow',
            text: 'Break recent fills down by pair, side, size and taker (1inch resolver) to see which flow keeps building the imbalance.',
          },
          {
            id: 'counter-imbalance',
            text: 'Change the quoting parameters behind it: skew or shrink size on the side that builds the imbalance, or stop quoting that pair to that flow.',
          },
          {
            id: 'cheaper-hedge-venue',
            text: 'Compare the cost of hedging per venue (fees, funding, slippage) and move hedges to the cheapest venue that can take the size.',
          },
          {
            id: 'reduce-flash-loan-use',
            text: 'If Flash loan exposure is heading towards 20 %, fund more trades from own inventory or standing borrows instead of flash loans.',
          },
        ],
      },
    ],
  },

  // ── Inventory (seed 3.2) ──────────────────────────────────────────────────────────────────────────
  {
    id: 'inventory-low',
    title: 'Low inventory',
    area: 'inventory',
    trigger:
      'An asset’s inventory below its low bound (default 50 % of target), or on-chain or hedged inventory share too low',
    summary:
      'There is too little of an asset where it is needed to keep quoting it. Refill it now, then make the next shortfall less likely and earlier to see.',
    sections: [
      {
        id: 'immediate-actions',
        title: 'Immediate actions',
        steps: [
          {
            id: 'replenish-inventory',
            text: 'Refill the asset: move it from the treasury wallet or the hedge venue to the maker wallet, or buy it through 1inch or at the venue, until Inventory level is back above its low bound.',
          },
          {
            id: 'quote-for-inflow',
            text: 'Price quotes to bring the asset in: a better price where takers sell it to us, a less generous one on the side that drains it.',
          },
          {
            id: 'bridge-with-flash-loan',
            text: 'As a stopgap for a fill that needs more than is on hand, consider funding it with an Aave V3 flash loan inside the settlement transaction, keeping Flash loan exposure under 20 %.',
          },
        ],
      },
      {
        id: 'preventive-measures',
        title: 'Preventive measures',
        steps: [
          {
            id: 'fund-hedger-margin',
            text: 'Allocate more collateral to the automated hedger’s account at the hedge venue so that it can hedge without drawing on maker inventory.',
          },
          {
            id: 'tighten-bounds',
            text: 'Raise the asset’s low bound for Inventory level (data source band override) so that the warning comes earlier, and check that its alert rule reaches someone.',
          },
          {
            id: 'diversify-sources',
            text: 'Spread inventory over several wallets and sources (treasury wallet, Aave V3 / Compound III borrowing capacity, hedge venue withdrawals, OTC) so that one empty wallet does not stop quoting.',
          },
        ],
      },
    ],
  },
  {
    id: 'inventory-high',
    title: 'High inventory',
    area: 'inventory',
    trigger:
      'An asset’s inventory above its high bound (default 150 % of target), inventory turnover too low, or rebalancing too frequent',
    summary:
      'More of an asset is held than the flow needs: capital sits idle and carries price risk. Reduce it now, then size inventory and hedges to the real flow.',
    sections: [
      {
        id: 'immediate-actions',
        title: 'Immediate actions',
        steps: [
          {
            id: 'offload-excess',
            text: 'Hedge or sell the excess: short it at the hedge venue, sell it on-chain through 1inch, or use it to repay Aave V3 / Compound III debt, until Inventory level is under its high bound.',
          },
          {
            id: 'tighten-spreads',
            text: 'Quote tighter on the side where takers buy the asset from us, so that the excess leaves through ordinary flow.',
          },
        ],
      },
      {
        id: 'optimization',
        title: 'Optimization',
        steps: [
          {
            id: 'size-inventory',
            text: 'Use recent fills (volume per asset and hour, Inventory turnover) to set each asset’s target level to what the flow actually needs.',
          },
          {
            id: 'put-excess-to-work',
            text: 'Change hedge ratios so that surplus inventory serves as the hedge leg (less shorting at the venue) or as collateral, instead of lying idle.',
          },
        ],
      },
    ],
  },

  // ── Risk (seed "Mitigation strategies": flat lists, grouped here) ─────────────────────────────────
  {
    id: 'risk-early-warning',
    title: 'Risk early warning',
    area: 'risk',
    trigger:
      'A risk KPI (value at risk, liquidation buffer, flash loan exposure, gas risk ratio, maximum drawdown) in its warning band',
    summary:
      'A risk measure is approaching its limit. Watch it more closely, make sure its inputs are sound, and take margin back before it needs active reduction.',
    sections: [
      {
        id: 'watch-closely',
        title: 'Watch closely',
        steps: [
          {
            id: 'monitor-affected-kpis',
            text: 'Shorten the refresh and alert evaluation interval of the risk KPI that warned, and review it at every shift handover until it is back in band.',
          },
          {
            id: 'check-risk-inputs',
            text: 'Check that the risk inputs are sound and have a fallback: Chainlink feeds fresh, Aave V3 / Compound III reads agreeing across two RPC providers, the CoinGecko fallback answering.',
          },
        ],
      },
      {
        id: 'rebuild-margins',
        title: 'Rebuild margins',
        steps: [
          {
            id: 'review-sizing',
            text: 'Go over position sizes and per-pair trading limits against current Value at risk and volatility, and lower them where VaR nears 3 % of capital.',
          },
          {
            id: 'add-collateral-buffer',
            text: 'Add collateral or repay part of the debt on Aave V3 / Compound III so that Liquidation buffer climbs back above 50 %.',
          },
        ],
      },
      {
        id: 'control-costs',
        title: 'Control costs',
        steps: [
          {
            id: 'optimize-gas',
            text: 'Spend less gas: batch rebalancing transfers and repayments, avoid sending non-urgent transactions in fee spikes, price fees from fee history; Gas risk ratio should fall back under 5 %.',
          },
        ],
      },
    ],
  },
  {
    id: 'risk-active-reduction',
    title: 'Active risk reduction',
    area: 'risk',
    trigger:
      'A risk KPI in its critical band, e.g. liquidation buffer below 10 %, value at risk above its limit, or flash loan exposure or gas risk ratio far over target',
    summary:
      'A risk limit is breached. Cut exposure and debt now, quote defensively, and limit what any one counterparty or integration can cost us.',
    sections: [
      {
        id: 'reduce-exposure',
        title: 'Reduce exposure',
        steps: [
          {
            id: 'lower-position-limits',
            text: 'Lower position limits per asset and per pair at once, so that new flow cannot add to the exposure.',
          },
          {
            id: 'hedge-vulnerable-positions',
            text: 'Raise the hedge ratio of the positions most at risk (largest VaR contribution, thinnest liquidation buffer) at the hedge venue.',
          },
          {
            id: 'repay-borrowings',
            text: 'Repay borrowed assets on Aave V3 and Compound III by priority (nearest liquidation first, then the most volatile collateral) until every Liquidation buffer is back above 10 %.',
          },
        ],
      },
      {
        id: 'quote-defensively',
        title: 'Quote defensively',
        steps: [
          {
            id: 'adjust-spreads',
            text: 'Widen or skew spreads for the pairs exposed to the adverse move, and stop quoting pairs whose prices cannot be trusted right now.',
          },
          {
            id: 'switch-to-backup-apis',
            text: 'If a primary integration fails (RPC provider, price feed, 1inch API, hedge venue API), route traffic to its configured alternative instead of waiting for it to return.',
          },
        ],
      },
      {
        id: 'limit-counterparties',
        title: 'Limit counterparties',
        steps: [
          {
            id: 'cap-counterparty-exposure',
            text: 'List what is at stake with each counterparty (hedge venue, lending protocols) and pull funds back to caps, so that one failure cannot cascade into the rest of the book.',
          },
        ],
      },
    ],
  },

  // ── Performance (not in the seed's plans) ─────────────────────────────────────────────────────────
  {
    id: 'performance-recovery',
    title: 'Performance recovery',
    area: 'performance',
    trigger: 'Total PnL or PnL per token trending down, or revenue efficiency below 150 %',
    summary:
      'The desk is earning less than it spends, or less than before. Find where the money goes, cut the costs that do not pay, and reprice what loses.',
    sections: [
      {
        id: 'diagnose',
        title: 'Diagnose',
        steps: [
          {
            id: 'attribute-pnl',
            text: 'Split PnL by token and by venue (PnL per token, Total PnL) over the period to see which pairs, wallets or venues the loss comes from.',
          },
          {
            id: 'check-spread-capture',
            text: 'Compare fill prices with the Chainlink price at each fill’s block: negative spread capture means quotes were stale or picked off by informed flow.',
          },
          {
            id: 'break-down-costs',
            text: 'Break expenses into gas, Aave V3 flash-loan premiums, hedge fees and funding, and borrow interest on Aave V3 / Compound III, and set each against revenue (Revenue efficiency, Gas risk ratio).',
          },
        ],
      },
      {
        id: 'cut-costs',
        title: 'Cut costs',
        steps: [
          {
            id: 'batch-settlements',
            text: 'Batch rebalancing transfers, repayments and other own transactions, and send the ones that can wait when base fee is low.',
          },
          {
            id: 'move-hedges-cheaper',
            text: 'Move hedges to the venue with the lowest fees and funding for the size, and hedge net exposure at intervals rather than after every fill.',
          },
          {
            id: 'repay-expensive-debt',
            text: 'Repay the borrows with the highest rate first and move what remains to the cheaper of Aave V3 and Compound III.',
          },
          {
            id: 'limit-flash-loans',
            text: 'Use flash loans only for trades whose spread clears the premium and the extra gas.',
          },
        ],
      },
      {
        id: 'restore-revenue',
        title: 'Restore revenue',
        steps: [
          {
            id: 'reprice-spreads',
            text: 'Widen spreads on pairs with negative spread capture; tighten them where Quote acceptance rate is low but capture is healthy.',
          },
          {
            id: 'refresh-prices-faster',
            text: 'Shorten the price refresh and the quote expiry on volatile pairs so that fills are not taken at stale prices.',
          },
          {
            id: 'pause-losing-pairs',
            text: 'Stop quoting pairs that lose money after costs over a full week, until a pricing change for them has been tested.',
          },
          {
            id: 'confirm-recovery',
            text: 'Call it recovered when the Total PnL trend is positive and Revenue efficiency stays above 150 % for a week, then undo the temporary changes one at a time.',
          },
        ],
      },
    ],
  },
];
