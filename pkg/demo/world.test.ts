/**
 * The demo world against its ledger, read over plain JSON-RPC and HTTP (viem's public client and
 * fetch; never our engine): balances, lending positions and health factors, feed prices and calls at
 * past blocks, fills and the quote log. Expected values are computed here from the ledger's actions.
 */
import { createPublicClient, erc20Abi, http, parseEther, type Address, type PublicClient } from 'viem';

import { validateSettings } from '../../src/core/settings/validate';
import { demoSettings } from './datasourceSettings';
import { startDemoWorld, type DemoWorld } from './demoWorld';
import { revision2, type TimeRange } from './ledger/expected';
import { START_PRICES } from './sim/market';
import type { BlockRecord } from './ledger/record';
import { aavePoolReadAbi, cometReadAbi, feedReadAbi, orderFilledEvent } from './readAbis';
import {
  CAPITAL_DEPOSIT,
  GAS_FLOAT_ETH,
  HEDGE_OPENING_MARGIN,
  OPENING_BALANCES,
  PROFIT_WITHDRAWAL,
  RECEIVER_PREMIUM_FUND,
} from './sim/plan';
import { ASSETS, DECIMALS, type Asset } from './sim/scenario';

/** Whole-token amounts as the simulator converts them (toFixed, then exact decimal units). */
function units(amount: number, asset: Asset): bigint {
  const [whole, fraction = ''] = amount.toFixed(Math.min(DECIMALS[asset], 8)).split('.');
  return BigInt(whole + fraction.padEnd(DECIMALS[asset], '0').slice(0, DECIMALS[asset]));
}

/** The maker wallet's token balances after a block, replayed from the ledger's actions. */
function makerBalancesAfter(world: DemoWorld, index: number): Record<Asset, bigint> {
  const balances = Object.fromEntries(ASSETS.map((a) => [a, units(OPENING_BALANCES.maker[a], a)])) as Record<
    Asset,
    bigint
  >;
  for (const block of world.record.blocks.slice(0, index + 1)) {
    for (const action of block.lending) {
      const amount = units(action.amount, action.asset);
      balances[action.asset] += action.op === 'borrow' ? amount : -amount;
    }
    for (const move of block.rebalances) {
      const amount = units(move.amount, move.asset);
      balances[move.asset] += move.to === 'maker' ? amount : -amount;
    }
  }
  const lastNumber = world.record.blocks[index].number;
  for (const rfq of world.record.rfqs) {
    if (rfq.settled !== 'success' || (rfq.blockNumber ?? 0n) > lastNumber) {
      continue;
    }
    const [given, received] = rfq.side === 'buy' ? [rfq.base, rfq.quote] : [rfq.quote, rfq.base];
    balances[given] -= rfq.makingAmount ?? 0n;
    balances[received] += rfq.takingAmount ?? 0n;
  }
  return balances;
}

function feedAnswer(price: number): bigint {
  return BigInt(Math.round(price * 1e8));
}

describe('the demo world against its ledger', () => {
  let world: DemoWorld;
  let client: PublicClient;
  let chosen: BlockRecord[];

  beforeAll(async () => {
    // Eleven days: long enough for a weekly repay and the re-borrow three days later.
    world = await startDemoWorld({ days: 11, seed: 7 });
    client = createPublicClient({ transport: http(world.rpcUrl) }) as PublicClient;
    const blocks = world.record.blocks;
    // The first, a middle and the last block, and the block of the first weekly Aave repayment.
    chosen = [blocks[0], blocks[Math.floor(blocks.length / 2)], blocks[7 * 48], blocks[blocks.length - 1]];
  }, 180_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('has one block per interval with the planned timestamps and base fees', async () => {
    for (const record of chosen) {
      const block = await client.getBlock({ blockNumber: record.number });
      expect(Number(block.timestamp)).toBe(record.planned.timestamp);
      expect(block.baseFeePerGas).toBe(record.planned.baseFeePerGas);
    }
  });

  it('feeds answer the planned price at the first, a middle and the last block', async () => {
    for (const record of chosen) {
      for (const asset of ASSETS) {
        const [, answer, , updatedAt] = await client.readContract({
          address: world.addresses.feeds[asset],
          abi: feedReadAbi,
          functionName: 'latestRoundData',
          blockNumber: record.number,
        });
        expect(answer).toBe(feedAnswer(record.planned.prices[asset]));
        expect(Number(updatedAt)).toBe(record.timestamp);
      }
    }
  });

  it('the stale feed keeps its last answer and time through its window while the market moves on', async () => {
    const { staleFeed } = world.record.plan.scenario;
    const inside = world.record.blocks.filter((b) => b.timestamp >= staleFeed.from && b.timestamp < staleFeed.to);
    // Six hours at one block per half hour.
    expect(inside).toHaveLength(12);
    const before = world.record.blocks[inside[0].index - 1];
    const last = inside[inside.length - 1];
    expect(last.planned.prices[staleFeed.asset]).not.toBe(before.planned.prices[staleFeed.asset]);
    const [, answer, , updatedAt] = await client.readContract({
      address: world.addresses.feeds[staleFeed.asset],
      abi: feedReadAbi,
      functionName: 'latestRoundData',
      blockNumber: last.number,
    });
    expect([answer, Number(updatedAt)]).toEqual([feedAnswer(before.planned.prices[staleFeed.asset]), before.timestamp]);
    expect(last.planned.feeds[staleFeed.asset]).toEqual({
      price: before.planned.prices[staleFeed.asset],
      updatedAt: before.timestamp,
    });
    // The desk does not quote the stale asset's pairs meanwhile: deliberate no-quotes, no fill.
    const paused = world.record.rfqs.filter(
      (r) =>
        r.receivedAtMs >= (staleFeed.from - 1800) * 1000 &&
        r.receivedAtMs < staleFeed.to * 1000 &&
        (r.base === staleFeed.asset || r.quote === staleFeed.asset)
    );
    expect(paused.length).toBeGreaterThan(0);
    expect(paused.every((r) => r.quotedAtMs !== undefined && r.price === undefined && !r.accepted)).toBe(true);
    // The CoinGecko stand-in keeps serving the market price.
    const url = new URL('/coingecko/api/v3/coins/ethereum/market_chart/range', world.endpointsUrl);
    url.searchParams.set('from', String(last.timestamp));
    url.searchParams.set('to', String(last.timestamp));
    const chart = (await (await fetch(url)).json()) as { prices: Array<[number, number]> };
    expect(chart.prices).toEqual([[last.timestamp * 1000, last.planned.prices.WETH]]);
  });

  it('the wallets hold a gas float that pays every block of their gas', async () => {
    const wallets = { maker: world.addresses.wallets.maker, treasury: world.addresses.wallets.treasury } as const;
    for (const [role, address] of Object.entries(wallets) as Array<[keyof typeof wallets, Address]>) {
      const spent = world.record.txs
        .filter((tx) => tx.role === role)
        .reduce((total, tx) => total + tx.gasUsed * tx.effectiveGasPrice, 0n);
      const last = world.record.blocks[world.record.blocks.length - 1].number;
      const balance = await client.getBalance({ address, blockNumber: last });
      expect(balance).toBe(parseEther(String(GAS_FLOAT_ETH[role])) - spent);
      // A month's gas is a small part of the float (the gas-spike day included).
      expect(Number(spent) / 1e18).toBeLessThan(GAS_FLOAT_ETH[role] / 2);
      const before = await client.getBalance({ address, blockNumber: world.record.blocks[0].number - 1n });
      expect(before).toBe(parseEther(String(GAS_FLOAT_ETH[role])));
    }
  });

  it('capital comes in from and profit goes out to the investor; the treasury funds the hedge venue', async () => {
    const blocks = world.record.blocks;
    const flows = blocks.flatMap((b) => b.flows);
    expect(flows.map((f) => [f.direction, f.asset])).toEqual([
      ['in', CAPITAL_DEPOSIT.asset],
      ['out', PROFIT_WITHDRAWAL.asset],
    ]);
    const deposits = blocks.flatMap((b) => b.venueDeposits);
    expect(deposits[0]).toMatchObject({ amount: HEDGE_OPENING_MARGIN });
    expect(deposits.length).toBe(2);
    const last = blocks[blocks.length - 1].number;
    const balanceOf = (asset: Asset, owner: Address) =>
      client.readContract({
        address: world.addresses.tokens[asset],
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [owner],
        blockNumber: last,
      });
    const deposited = deposits.reduce((total, d) => total + units(d.amount, 'USDC'), 0n);
    expect(await balanceOf('USDC', world.addresses.hedgeDeposit)).toBe(deposited);
    expect(await balanceOf('USDC', world.addresses.investor)).toBe(0n);
    expect(await balanceOf(PROFIT_WITHDRAWAL.asset, world.addresses.investor)).toBe(
      units(flows[1].amount, PROFIT_WITHDRAWAL.asset)
    );
    // The venue credits each deposit in the block of its transfer.
    const hedge = world.record.hedge;
    expect(hedge[blocks.length - 1].deposits).toBeCloseTo(Number(deposited) / 1e6, 6);
  });

  it('maker balances equal the ledger replay at past blocks', async () => {
    for (const record of chosen) {
      const expected = makerBalancesAfter(world, record.index);
      for (const asset of ASSETS) {
        const balance = await client.readContract({
          address: world.addresses.tokens[asset],
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [world.addresses.wallets.maker],
          blockNumber: record.number,
        });
        expect({ asset, block: record.index, balance }).toEqual({
          asset,
          block: record.index,
          balance: expected[asset],
        });
      }
    }
  });

  it('Aave: collateral is 300 WETH at the feed price, health factor = collateral × 82.5 % / debt', async () => {
    for (const record of chosen) {
      const [collateral, debt, , threshold, , healthFactor] = await client.readContract({
        address: world.addresses.aave.pool,
        abi: aavePoolReadAbi,
        functionName: 'getUserAccountData',
        args: [world.addresses.wallets.maker],
        blockNumber: record.number,
      });
      // Aave values at the feed's answer (a stale one too).
      const feeds = record.planned.feeds;
      expect(collateral).toBe(300n * feedAnswer(feeds.WETH.price));
      expect(threshold).toBe(8250n);
      // Net borrowed from the ledger's actions; interest at under 1 % utilisation is < 1e-4 of it.
      const principal = world.record.blocks
        .slice(0, record.index + 1)
        .flatMap((b) => b.lending)
        .filter((a) => a.venue === 'aave' && a.asset === 'USDC')
        .reduce((sum, a) => sum + (a.op === 'borrow' ? a.amount : a.op === 'repay' ? -a.amount : 0), 0);
      const debtUsd = principal * feeds.USDC.price;
      expect(Number(debt) / 1e8 / debtUsd).toBeGreaterThanOrEqual(1 - 1e-9);
      expect(Number(debt) / 1e8 / debtUsd).toBeLessThan(1 + 1e-4);
      const expectedHf = (300 * feeds.WETH.price * 0.825) / debtUsd;
      expect(Number(healthFactor) / 1e18 / expectedHf).toBeCloseTo(1, 4);
    }
  });

  it('Comet: 100 WETH collateral, borrow accrues 5 % a year from block 0', async () => {
    const opened = world.record.blocks[0].timestamp;
    for (const record of chosen) {
      const [collateral, borrow] = await Promise.all([
        client.readContract({
          address: world.addresses.comet.market,
          abi: cometReadAbi,
          functionName: 'collateralBalanceOf',
          args: [world.addresses.wallets.maker, world.addresses.tokens.WETH],
          blockNumber: record.number,
        }),
        client.readContract({
          address: world.addresses.comet.market,
          abi: cometReadAbi,
          functionName: 'borrowBalanceOf',
          args: [world.addresses.wallets.maker],
          blockNumber: record.number,
        }),
      ]);
      expect(collateral).toBe(100n * 10n ** 18n);
      const expected = 150_000 * (1 + (0.05 * (record.timestamp - opened)) / 31_536_000);
      expect(Number(borrow) / 1e6 / expected).toBeCloseTo(1, 6);
    }
  });

  it('every settled fill is an OrderFilled of a quoted order hash; reverted ones are reverted receipts', async () => {
    const first = world.record.blocks[0].number;
    const last = world.record.blocks[world.record.blocks.length - 1].number;
    const logs = await client.getLogs({
      address: world.addresses.limitOrderProtocol as Address,
      event: orderFilledEvent,
      fromBlock: first,
      toBlock: last,
    });
    const settled = world.record.rfqs.filter((rfq) => rfq.settled === 'success');
    expect(settled.length).toBeGreaterThan(50);
    expect(logs.map((log) => log.args.orderHash).sort()).toEqual(settled.map((rfq) => rfq.orderHash).sort());
    const reverted = world.record.rfqs.filter((rfq) => rfq.settled === 'reverted');
    for (const rfq of reverted) {
      const receipt = await client.getTransactionReceipt({ hash: rfq.txHash! });
      expect(receipt.status).toBe('reverted');
    }
    const accepted = world.record.rfqs.filter((rfq) => rfq.accepted).length;
    expect(settled.length + reverted.length).toBe(accepted);
  });

  it('the quote log pages through every RFQ of the ledger', async () => {
    let cursor: string | null = null;
    const seen: Array<{ id: string; quotedAt: number | null; accepted: boolean }> = [];
    do {
      const url = new URL('/quote-log/rfqs', world.endpointsUrl);
      url.searchParams.set('limit', '100');
      if (cursor) {
        url.searchParams.set('cursor', cursor);
      }
      const page = (await (await fetch(url)).json()) as { rfqs: typeof seen; nextCursor: string | null };
      seen.push(...page.rfqs);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(world.record.rfqs.length);
    expect(new Set(seen.map((r) => r.id)).size).toBe(seen.length);
    expect(seen.filter((r) => r.quotedAt !== null).length).toBe(
      world.record.rfqs.filter((r) => r.quotedAtMs !== undefined).length
    );
    expect(seen.filter((r) => r.accepted).length).toBe(world.record.rfqs.filter((r) => r.accepted).length);
  });

  it('the data source settings it writes for itself are valid', () => {
    expect(validateSettings(demoSettings(world))).toEqual([]);
  });

  describe('revision 2 of the framework, from the ledger alone', () => {
    let view: revision2.Revision2View;
    let ranges: Record<string, TimeRange>;

    beforeAll(() => {
      view = revision2.viewRevision2(world.record);
      const blocks = world.record.blocks;
      const { stress } = world.record.plan.scenario;
      ranges = {
        month: { fromMs: blocks[0].timestamp * 1000, toMs: blocks[blocks.length - 1].timestamp * 1000 + 1 },
        week: { fromMs: blocks[2 * 48].timestamp * 1000, toMs: blocks[9 * 48].timestamp * 1000 },
        stressDay: { fromMs: (stress.from - 8 * 3600) * 1000, toMs: (stress.from + 16 * 3600) * 1000 },
        oneBlock: { fromMs: blocks[200].timestamp * 1000, toMs: blocks[200].timestamp * 1000 + 1 },
      };
    });

    it('NAV before the month is the opening balances, the receiver’s fund and the gas float, at set-up prices', () => {
      const opening = (asset: Asset) => OPENING_BALANCES.maker[asset] + OPENING_BALANCES.treasury[asset];
      const expected =
        ASSETS.reduce((total, a) => total + opening(a) * START_PRICES[a], 0) +
        RECEIVER_PREMIUM_FUND * START_PRICES.USDC +
        (GAS_FLOAT_ETH.maker + GAS_FLOAT_ETH.treasury) * START_PRICES.WETH;
      expect(revision2.navOf(view.portfolio.opening, view.config)).toBeCloseTo(expected, 4);
    });

    it('total PnL = NAV change − external flows = Σ parts, over the month, a week, the stress day and one block', () => {
      const problems: string[] = [];
      for (const [label, range] of Object.entries(ranges)) {
        const positions = world.record.blocks.flatMap((b, i) =>
          b.timestamp * 1000 >= range.fromMs && b.timestamp * 1000 < range.toMs ? [i] : []
        );
        const pnl = revision2.pnlOver(view, positions);
        if (!pnl) {
          problems.push(`${label}: no block`);
          continue;
        }
        const parts = revision2.PART_IDS.map((id) => pnl[id]);
        const scale = parts.reduce((total, part) => total + Math.abs(part), 0);
        const sumOfParts = parts.reduce((total, part) => total + part, 0);
        // The framework's bar (1 % of the parts' absolute sum), and the exactness reading every block gives.
        if (!(Math.abs(pnl.residualUsd) < 0.01 * scale) || !(Math.abs(pnl.residualUsd) < 1)) {
          problems.push(`${label}: residual ${pnl.residualUsd} of parts ${scale}`);
        }
        expect(pnl.valueUsd).toBeCloseTo(pnl.navChangeUsd - pnl.externalFlowsUsd, 6);
        expect(pnl.valueUsd - pnl.residualUsd).toBeCloseTo(sumOfParts, 6);
        // Per-token PnL adds up to the parts.
        const tokens = revision2.expectedKpisRevision2Of(view, range).token_pnl;
        const byToken = 'breakdown' in tokens ? Object.values(tokens.breakdown ?? {}) : [];
        expect(byToken.reduce((total, v) => total + v, 0)).toBeCloseTo(sumOfParts, 4);
      }
      expect(problems).toEqual([]);
    });

    it('the month’s external flows are the deposit in and the withdrawal out, at their blocks’ prices', () => {
      const month = revision2.pnlOver(
        view,
        world.record.blocks.map((_, i) => i)
      );
      const [deposit, withdrawal] = world.record.blocks.flatMap((b) =>
        b.flows.map((flow) => flow.amount * (flow.direction === 'in' ? 1 : -1) * b.planned.prices[flow.asset])
      );
      expect(deposit).toBeGreaterThan(0.99 * CAPITAL_DEPOSIT.amount);
      expect(withdrawal).toBeLessThan(0);
      expect(month?.externalFlowsUsd).toBeCloseTo(deposit + withdrawal, 6);
      // Venue deposits are inside the portfolio: the block-0 margin moves no NAV.
      expect(view.pnl[0].externalFlowsUsd).toBe(0);
    });

    it('values the stale feed’s blocks at CoinGecko (the market) once its answer is older than the heartbeat', () => {
      const { staleFeed } = world.record.plan.scenario;
      const heartbeat = view.config.feedHeartbeatSec[staleFeed.asset];
      world.record.blocks.forEach((block, i) => {
        const feed = block.planned.feeds[staleFeed.asset];
        const stale = block.timestamp - feed.updatedAt > heartbeat;
        expect(view.prices.flags[i].stale.includes(staleFeed.asset)).toBe(stale);
        expect(view.prices.blocks[i][staleFeed.asset]).toBe(stale ? block.planned.prices[staleFeed.asset] : feed.price);
      });
      // Six hours without a post, one hour of heartbeat, a block per half hour: ten stale blocks.
      expect(view.prices.flags.filter((f) => f.stale.length > 0)).toHaveLength(10);
    });
  });

  it('a malformed quote-log query is a 400 naming the parameter', async () => {
    const response = await fetch(new URL('/quote-log/rfqs?from=yesterday', world.endpointsUrl));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/"from" and "to"/) });
  });
});
