/**
 * Each kind of event from hand-made source records (addresses, hashes and amounts written out here),
 * so a wrong title, time, tag or filter shows against values nobody computed with this code.
 */
import type { Address, Hash } from 'viem';

import { findKpi } from '../../../src/core/catalogue';
import type { ResolvedAsset } from '../gather/sourcesConfig';
import type { WalletTransaction } from '../sources/activity';
import { bufferBreachEvents } from './bufferEvents';
import { largeFillEvents } from './fillEvents';
import { flashLoanEvents } from './flashLoanEvents';
import { rebalanceEvents } from './rebalanceEvents';
import { revertedQuoteEvents, revertedWalletTxEvents } from './settlementEvents';

const MAKER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address;
const TREASURY = '0x90F79bf6EB2c4f870365E785982E1f101E93b906' as Address;
const RECEIVER = '0x8464135c8F25Da09e49BC8782676a84730C318bC' as Address;
const WETH_TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address;
const LOP = '0xdbC43Ba45381e02825b14322cDdd15eC4B3164E6' as Address;
const names = new Map<Address, string>([
  [MAKER, 'maker'],
  [TREASURY, 'treasury'],
  [RECEIVER, 'flash-loan receiver'],
]);
const WETH: ResolvedAsset = { symbol: 'WETH', stable: false, address: WETH_TOKEN, decimals: 18 };
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hash;

function tx(partial: Partial<WalletTransaction>): WalletTransaction {
  return {
    hash: hash(1),
    from: MAKER,
    to: LOP,
    blockNumber: 100n,
    blockHash: hash(900),
    transactionIndex: 0,
    timestampSec: 1_700_000_000,
    nonce: 0,
    status: 'success',
    gasUsed: 21_000n,
    effectiveGasPrice: 1n,
    value: 0n,
    transfers: [],
    logCount: 0,
    ...partial,
  };
}

describe('failed settlements', () => {
  it('a reverted wallet transaction is one event at its block time; a successful one none', () => {
    const events = revertedWalletTxEvents(
      [tx({ hash: hash(2), status: 'reverted', blockNumber: 101n, timestampSec: 1_700_000_060 }), tx({})],
      names
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'failed-settlement',
        timeMs: 1_700_000_060_000,
        title: 'Transaction of maker reverted',
        tags: ['failed-settlement', 'maker'],
        txHash: hash(2),
        wallets: ['maker'],
      }),
    ]);
  });

  it('an accepted quote whose settlement reverted is an event; one that succeeded or is unknown is not', () => {
    const rfq = {
      id: 'rfq-7',
      pair: 'WETH/USDC',
      base: 'WETH',
      quote: 'USDC',
      side: 'buy' as const,
      baseAmount: 12,
      receivedAtMs: 0,
      quotedAtMs: 1,
      error: null,
      price: 2400,
      expiry: 60,
      accepted: true,
      orderHash: hash(70),
    };
    const events = revertedQuoteEvents(
      [
        { ...rfq, txHash: hash(3) },
        { ...rfq, id: 'rfq-8', txHash: hash(4) },
        { ...rfq, id: 'rfq-9', txHash: hash(5) },
      ],
      [
        { txHash: hash(3), status: 'reverted', blockNumber: 120n },
        { txHash: hash(4), status: 'success', blockNumber: 121n },
        { txHash: hash(5), status: 'unknown' },
      ],
      new Map([[120n, 1_700_001_200_000]])
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      title: 'Settlement of quote rfq-7 reverted',
      timeMs: 1_700_001_200_000,
      txHash: hash(3),
    });
    expect(events[0].text).toContain('buy 12 WETH/USDC');
  });
});

describe('rebalances', () => {
  it('a transfer between two own wallets is a rebalance, with its amount in whole tokens', () => {
    const transfer = (from: Address, to: Address, amount: bigint) => ({
      token: WETH_TOKEN,
      from,
      to,
      amount,
      logIndex: 0,
    });
    const events = rebalanceEvents(
      [
        tx({ hash: hash(6), from: TREASURY, transfers: [transfer(TREASURY, MAKER, 25n * 10n ** 18n)] }),
        // A fill pays a taker: not a rebalance.
        tx({ hash: hash(7), transfers: [transfer(MAKER, LOP, 10n ** 18n)] }),
      ],
      [MAKER, TREASURY],
      names,
      [WETH]
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'rebalance',
        title: 'Rebalance: 25 WETH treasury → maker',
        tags: ['rebalance', 'WETH'],
        txHash: hash(6),
        wallets: ['treasury', 'maker'],
      }),
    ]);
  });
});

describe('flash loans', () => {
  it('a repaid loan names its amount and premium', () => {
    const events = flashLoanEvents(
      [
        {
          blockNumber: 130n,
          txHash: hash(8),
          logIndex: 3,
          target: RECEIVER,
          initiator: RECEIVER,
          asset: WETH_TOKEN,
          amount: 500n * 10n ** 18n,
          interestRateMode: 0,
          premium: 25n * 10n ** 16n,
          referralCode: 0,
        },
      ],
      new Map([[130n, 1_700_002_000_000]]),
      [WETH],
      names
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'flash-loan',
        timeMs: 1_700_002_000_000,
        title: 'Flash loan: 500 WETH',
        txHash: hash(8),
      }),
    ]);
    expect(events[0].text).toContain('premium 0.25 WETH');
  });
});

describe('large fills', () => {
  it('only fills at or above the threshold', () => {
    const chain = (n: number) =>
      ({ orderHash: hash(50 + n), txHash: hash(60 + n), blockNumber: BigInt(140 + n) }) as Parameters<
        typeof largeFillEvents
      >[0][number];
    const fill = (volumeUsd: number) => ({
      timeMs: 1_700_003_000_000,
      base: 'WETH',
      quote: 'USDC',
      baseUnits: volumeUsd / 2000,
      volumeUsd,
      spreadUsd: 10,
      quotedAtMs: null,
    });
    const events = largeFillEvents([chain(1), chain(2)], [fill(100_000), fill(250_000)], 250_000, 'maker');
    expect(events.map((e) => e.txHash)).toEqual([hash(62)]);
    expect(events[0].title).toBe('Large fill: 125 WETH ($250,000)');
  });
});

describe('liquidation-buffer breaches', () => {
  const kpi = findKpi('liquidation_buffer');
  if (!kpi) {
    throw new Error('the catalogue lost liquidation_buffer');
  }
  // The catalogue's own edges: ok from the last one up, warning below it, critical below the first.
  const [critical, warning] = kpi.bands.slice(1).map((s) => s.from as number);
  const point = (timeMs: number, value: number) => ({ timeMs, result: { value, breakdown: { 'aave:maker': value } } });

  it('a stretch in the warning zone is one region, ending where the buffer recovers', () => {
    const events = bufferBreachEvents(
      [point(1000, warning + 5), point(2000, warning - 1), point(3000, critical - 1), point(4000, warning + 1)],
      kpi.bands,
      9000,
      (key) => key.split(':')[1]
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'buffer-breach',
        timeMs: 2000,
        timeEndMs: 4000,
        title: 'Liquidation buffer critical: aave:maker',
        tags: ['buffer-breach', 'critical', 'aave:maker'],
        wallets: ['maker'],
      }),
    ]);
  });

  it('a breach still open at the range end ends there', () => {
    const events = bufferBreachEvents([point(1000, warning - 1)], kpi.bands, 9000, () => undefined);
    expect(events[0]).toMatchObject({ timeMs: 1000, timeEndMs: 9000, title: 'Liquidation buffer warning: aave:maker' });
  });
});
