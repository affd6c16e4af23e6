/**
 * The live demo against its ledger: live blocks mined on a two-day world with a manual clock, then
 * read back over plain JSON-RPC (viem) and HTTP. Expected values come from the record's actions and a
 * hand calculation of the scripted moments, never from the live module's own output.
 */
import { createPublicClient, erc20Abi, http, type Address, type PublicClient } from 'viem';

import { demoClients } from '../chain/clients';
import { startDemoWorld, type DemoWorld } from '../demoWorld';
import type { BlockRecord, RfqRecord } from '../ledger/record';
import { aavePoolReadAbi, cometReadAbi, feedReadAbi, orderFilledEvent } from '../readAbis';
import { planWorld } from '../sim/plan';
import { seededRandom } from '../sim/random';
import { ASSETS, buildScenario, DECIMALS, type Asset } from '../sim/scenario';
import { deleverage, liveDesk, momentAt, planLiveBlock, priceForBuffer } from '../sim/live';
import { manualClock, startLive } from './live';
import { WorldMiner } from './simulate';

/** Whole-token amounts as the simulator converts them (toFixed, then exact decimal units). */
function units(amount: number, asset: Asset): bigint {
  const [whole, fraction = ''] = amount.toFixed(Math.min(DECIMALS[asset], 8)).split('.');
  return BigInt(whole + fraction.padEnd(DECIMALS[asset], '0').slice(0, DECIMALS[asset]));
}

describe('the live desk (pure)', () => {
  it('places the moments on a two-hour cycle from the start', () => {
    const start = 1_000_000;
    expect(momentAt(start, start + 299)).toEqual({ outage: false, dropShare: 0, dropStarts: false });
    expect(momentAt(start, start + 300).outage).toBe(true);
    expect(momentAt(start, start + 599).outage).toBe(true);
    expect(momentAt(start, start + 600).outage).toBe(false);
    // The fall: 5 minutes from 20:00, half-way at 22:30; the low holds 25:00-40:00; recovery to 45:00.
    expect(momentAt(start, start + 1_350).dropShare).toBeCloseTo(0.5, 12);
    expect(momentAt(start, start + 1_500).dropShare).toBe(1);
    expect(momentAt(start, start + 2_399).dropShare).toBe(1);
    expect(momentAt(start, start + 2_550).dropShare).toBeCloseTo(0.5, 12);
    expect(momentAt(start, start + 2_700).dropShare).toBe(0);
    // Two hours later it all repeats.
    expect(momentAt(start, start + 7_200 + 300).outage).toBe(true);
    expect(momentAt(start, start + 7_200 + 1_500).dropShare).toBe(1);
  });

  it('aims the drop at the thinnest position (by hand: Comet at 1.3 × 150,000 ÷ (100 × 0.895))', () => {
    const lending = [
      { venue: 'aave', op: 'supply', asset: 'WETH', amount: 300 },
      { venue: 'aave', op: 'borrow', asset: 'USDC', amount: 400_000 },
      { venue: 'comet', op: 'supplyCollateral', asset: 'WETH', amount: 100 },
      { venue: 'comet', op: 'borrow', asset: 'USDC', amount: 150_000 },
    ] as const;
    // Aave: 520,000 ÷ 247.5 = 2,101.01; Comet: 195,000 ÷ 89.5 = 2,178.77.
    expect(priceForBuffer(lending, { aave: 0.825, comet: 0.895 }, 0.3)).toBeCloseTo(2_178.7709, 3);
    // A weekly repay of 100,000 on Aave leaves Comet the thinnest still; repaying Comet makes it Aave.
    const repaid = [...lending, { venue: 'comet', op: 'repay', asset: 'USDC', amount: 100_000 } as const];
    expect(priceForBuffer(repaid, { aave: 0.825, comet: 0.895 }, 0.3)).toBeCloseTo(2_101.0101, 3);
  });

  it('repays a position under a 70 % buffer down to 80 % (by hand, at ETH 2,400)', () => {
    const lending = [
      { venue: 'aave', op: 'supply', asset: 'WETH', amount: 300 },
      { venue: 'aave', op: 'borrow', asset: 'USDC', amount: 400_000 },
      { venue: 'comet', op: 'supplyCollateral', asset: 'WETH', amount: 100 },
      { venue: 'comet', op: 'borrow', asset: 'USDC', amount: 150_000 },
    ] as const;
    // Aave: 300 × 2,400 × 0.825 = 594,000 against 400,000 (48.5 %): to 594,000 ÷ 1.8 = 330,000.
    // Comet: 100 × 2,400 × 0.895 = 214,800 against 150,000 (43.2 %): to 119,333.33.
    expect(deleverage(lending, { aave: 0.825, comet: 0.895 }, 2_400)).toEqual([
      { venue: 'aave', op: 'repay', asset: 'USDC', amount: 70_000 },
      { venue: 'comet', op: 'repay', asset: 'USDC', amount: 30_666.67 },
    ]);
    // At 3,000 both buffers are over 70 % (85.6 % and 79 %): nothing to repay.
    expect(deleverage(lending, { aave: 0.825, comet: 0.895 }, 3_000)).toEqual([]);
  });

  it('keeps the month’s rates per hour at a 12-second interval over a simulated day', () => {
    const scenario = buildScenario({ seed: 3, days: 2, intervalSec: 1800, endTime: 1_800_000_000 });
    const plan = planWorld(scenario);
    const startSec = scenario.endTime + 5;
    const desk = liveDesk(plan.blocks, plan.book!, {
      startSec,
      intervalSec: 12,
      thresholds: { aave: 0.825, comet: 0.895 },
    });
    const random = seededRandom(3, 'live');
    const blocks = Array.from({ length: 7_200 }, (_, i) => planLiveBlock(desk, startSec + 12 * (i + 1), random));
    const rfqs = blocks.flatMap((block) => block.rfqs);
    // 12 RFQs an hour: 288 a day (Poisson, σ ≈ 17), plus one forced failure per outage (12 a day).
    expect(rfqs.length).toBeGreaterThan(240);
    expect(rfqs.length).toBeLessThan(350);
    const quoted = rfqs.filter((rfq) => rfq.price !== undefined);
    const accepted = quoted.filter((rfq) => rfq.accepted).length;
    expect(accepted / quoted.length).toBeGreaterThan(0.25);
    expect(accepted / quoted.length).toBeLessThan(0.42);
    // Every failure falls in an outage (5 minutes from 5:00 in each 2-hour cycle), and each outage has one.
    const failed = rfqs.filter((rfq) => rfq.error !== undefined);
    for (const rfq of failed) {
      const offset = (rfq.receivedAtMs / 1000 - startSec) % 7_200;
      expect(offset).toBeGreaterThanOrEqual(300);
      expect(offset).toBeLessThan(600);
    }
    const cycles = new Set(failed.map((rfq) => Math.floor((rfq.receivedAtMs / 1000 - startSec) / 7_200)));
    expect(cycles.size).toBe(12);
    // Two flash loans a day on average (Poisson-like: 0 to 8 in a day is all but certain).
    const loans = blocks.reduce((n, block) => n + block.flashLoans.length, 0);
    expect(loans).toBeLessThanOrEqual(8);
    // Feeds post on a 0.1 % move or a 10-minute heartbeat: no answer ever older than 600 s.
    for (const block of blocks) {
      for (const asset of ASSETS) {
        expect(block.timestamp - block.feeds[asset].updatedAt).toBeLessThanOrEqual(600);
      }
    }
  });
});

describe('live blocks on an anvil world', () => {
  let world: DemoWorld;
  let client: PublicClient;
  let monthBlocks: number;
  let live: BlockRecord[];
  let startSec: number;
  const LIVE_BLOCKS = 230;

  beforeAll(async () => {
    world = await startDemoWorld({ days: 2, seed: 5 });
    client = createPublicClient({ transport: http(world.rpcUrl) }) as PublicClient;
    monthBlocks = world.record.blocks.length;
    const miner = await WorldMiner.create(demoClients(world.rpcUrl), world.addresses);
    const startMs = (world.record.now() + 30) * 1000;
    startSec = startMs / 1000;
    const run = startLive(world.record, miner, {
      intervalSec: 12,
      clock: manualClock(startMs),
      maxBlocks: LIVE_BLOCKS,
    });
    expect(await run.done).toBe(LIVE_BLOCKS);
    live = world.record.blocks.slice(monthBlocks);
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  const maker = () => demoClients(world.rpcUrl).wallet('maker').account.address;
  const liveRfqs = () => world.record.rfqs.filter((rfq) => rfq.receivedAtMs / 1000 > startSec);

  it('mines one block every 12 s of the clock, as recorded, with its plan and hedge state', async () => {
    expect(live).toHaveLength(LIVE_BLOCKS);
    expect(world.record.plan.blocks).toHaveLength(monthBlocks + LIVE_BLOCKS);
    expect(world.record.hedge).toHaveLength(monthBlocks + LIVE_BLOCKS);
    for (const [i, block] of live.entries()) {
      expect(block.index).toBe(monthBlocks + i);
      expect(block.timestamp).toBe(startSec + 12 * (i + 1));
    }
    for (const block of [live[0], live[100], live[LIVE_BLOCKS - 1]]) {
      const onChain = await client.getBlock({ blockNumber: block.number });
      expect(onChain.hash).toBe(block.hash);
      expect(Number(onChain.timestamp)).toBe(block.timestamp);
      expect(onChain.baseFeePerGas).toBe(block.planned.baseFeePerGas);
    }
    const latest = await client.getBlockNumber({ cacheTime: 0 });
    expect(latest).toBe(live[LIVE_BLOCKS - 1].number);
  });

  it('leaves the maker’s balances where the month’s end plus the live fills and rebalances put them', async () => {
    const lastMonth = world.record.blocks[monthBlocks - 1].number;
    const last = live[LIVE_BLOCKS - 1].number;
    const read = (asset: Asset, blockNumber: bigint) =>
      client.readContract({
        address: world.addresses.tokens[asset],
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [maker() as Address],
        blockNumber,
      });
    const expected = Object.fromEntries(
      await Promise.all(ASSETS.map(async (asset) => [asset, await read(asset, lastMonth)] as const))
    ) as Record<Asset, bigint>;
    for (const block of live) {
      for (const action of block.lending) {
        // Live lending is the desk's deleveraging: USDC repaid from the maker.
        expect(action.op).toBe('repay');
        expected[action.asset] -= units(action.amount, action.asset);
      }
      for (const move of block.rebalances) {
        const amount = units(move.amount, move.asset);
        expected[move.asset] += move.to === 'maker' ? amount : -amount;
      }
    }
    const settled = world.record.rfqs.filter((rfq) => rfq.settled === 'success' && rfq.blockNumber! > lastMonth);
    expect(settled.length).toBeGreaterThan(0);
    for (const rfq of settled) {
      const [given, received] = rfq.side === 'buy' ? [rfq.base, rfq.quote] : [rfq.quote, rfq.base];
      expected[given] -= rfq.makingAmount!;
      expected[received] += rfq.takingAmount!;
    }
    for (const asset of ASSETS) {
      expect(await read(asset, last)).toBe(expected[asset]);
    }
  });

  it('settles a live fill through the limit-order protocol in the recorded block', async () => {
    const fill = liveRfqs().find((rfq) => rfq.settled === 'success') as RfqRecord;
    expect(fill).toBeDefined();
    const receipt = await client.getTransactionReceipt({ hash: fill.txHash! });
    expect(receipt.status).toBe('success');
    expect(receipt.blockNumber).toBe(fill.blockNumber);
    const logs = await client.getLogs({
      address: world.addresses.limitOrderProtocol,
      event: orderFilledEvent,
      fromBlock: fill.blockNumber,
      toBlock: fill.blockNumber,
    });
    expect(logs.map((log) => log.args.orderHash)).toContain(fill.orderHash);
  });

  it('the outage answers no quotes, and the quote log serves its failures', async () => {
    const outage = { from: startSec + 300, to: startSec + 600 };
    const inOutage = liveRfqs().filter(
      (rfq) => rfq.receivedAtMs >= outage.from * 1000 && rfq.receivedAtMs < outage.to * 1000
    );
    expect(inOutage.length).toBeGreaterThan(0);
    for (const rfq of inOutage) {
      expect(rfq.error).toBeDefined();
      expect(rfq.price).toBeUndefined();
      expect(rfq.settled).toBeUndefined();
    }
    const response = await fetch(
      `${world.endpointsUrl}/quote-log/rfqs?from=${outage.from * 1000}&to=${outage.to * 1000}&limit=100`
    );
    const body = (await response.json()) as { rfqs: Array<{ id: string; error: string | null; price: number | null }> };
    expect(body.rfqs.map((rfq) => rfq.id)).toEqual(inOutage.map((rfq) => rfq.id));
    expect(body.rfqs.every((rfq) => rfq.error !== null && rfq.price === null)).toBe(true);
    // Outside the outage the desk quotes again.
    expect(liveRfqs().some((rfq) => rfq.receivedAtMs >= outage.to * 1000 && rfq.price !== undefined)).toBe(true);
  });

  it('the price drop takes the thinnest lending buffer under 50 % (above 10 %), and it recovers', async () => {
    const buffers = async (block: BlockRecord) => {
      const aave = await client.readContract({
        address: world.addresses.aave.pool,
        abi: aavePoolReadAbi,
        functionName: 'getUserAccountData',
        args: [maker() as Address],
        blockNumber: block.number,
      });
      const aaveBuffer = (Number(aave[0]) * Number(aave[3])) / 1e4 / Number(aave[1]) - 1;
      const [collateral, debt, answer] = await Promise.all([
        client.readContract({
          address: world.addresses.comet.market,
          abi: cometReadAbi,
          functionName: 'collateralBalanceOf',
          args: [maker() as Address, world.addresses.tokens.WETH],
          blockNumber: block.number,
        }),
        client.readContract({
          address: world.addresses.comet.market,
          abi: cometReadAbi,
          functionName: 'borrowBalanceOf',
          args: [maker() as Address],
          blockNumber: block.number,
        }),
        client.readContract({
          address: world.addresses.feeds.WETH,
          abi: feedReadAbi,
          functionName: 'latestRoundData',
          blockNumber: block.number,
        }),
      ]);
      // Comet's liquidateCollateralFactor for WETH is 0.895 (deployWorld); USDC counted at $1.
      const cometBuffer = ((Number(collateral) / 1e18) * (Number(answer[1]) / 1e8) * 0.895) / (Number(debt) / 1e6) - 1;
      return Math.min(aaveBuffer, cometBuffer);
    };
    // Block k is at start + 12 k: before the drop (block 99, 19:48), at the low (block 130, 26:00),
    // and after the recovery (block 230, 46:00).
    const before = await buffers(live[98]);
    const low = await buffers(live[129]);
    const after = await buffers(live[229]);
    expect(before).toBeGreaterThan(0.5);
    expect(low).toBeLessThan(0.5);
    expect(low).toBeGreaterThan(0.1);
    expect(after).toBeGreaterThan(0.5);
    // The feed on chain answers what the record says it posted.
    const recorded = live[129].planned.feeds.WETH;
    const answer = await client.readContract({
      address: world.addresses.feeds.WETH,
      abi: feedReadAbi,
      functionName: 'latestRoundData',
      blockNumber: live[129].number,
    });
    expect(answer[1]).toBe(BigInt(Math.round(recorded.price * 1e8)));
    expect(Number(answer[3])).toBe(recorded.updatedAt);
  });

  it('the endpoints serve the live blocks: the hedge account at the newest one', async () => {
    const newest = live[LIVE_BLOCKS - 1];
    const account = (await (await fetch(`${world.endpointsUrl}/hedge/account`)).json()) as { timestamp: number };
    expect(account.timestamp).toBe(newest.timestamp);
  });
});
