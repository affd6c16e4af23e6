/** Which transfers cross the portfolio's edge as external flows, worked through one transaction at a time. */
import { getAddress, type Address, type Hash } from 'viem';

import type { TokenTransfer } from '../sources/activity';
import { classifyTransfers, type PortfolioEdge } from './portfolioTransfers';

const address = (n: number): Address => getAddress(`0x${n.toString(16).padStart(40, '0')}`);
const [maker, treasury, receiver, pool, deposit, investor, taker] = [1, 2, 3, 4, 5, 6, 7].map(address);
const [usdc, weth] = [100, 101].map(address);

let logIndex = 0;
function transfer(tx: number, from: Address, to: Address, amount: bigint, token = usdc): TokenTransfer {
  return {
    token,
    from,
    to,
    amount,
    blockNumber: 10n,
    blockHash: `0x${'ab'.repeat(32)}` as Hash,
    txHash: `0x${tx.toString(16).padStart(64, '0')}` as Hash,
    logIndex: logIndex++,
  };
}

const edge: PortfolioEdge = {
  wallets: new Set([maker, treasury, receiver].map((a) => a.toLowerCase())),
  venues: new Set([pool.toLowerCase()]),
  depositAddress: deposit.toLowerCase(),
};

describe('classifyTransfers', () => {
  it('keeps capital in and profit out, and leaves trades, venue operations and moves inside the portfolio', () => {
    const capitalIn = transfer(1, investor, treasury, 1_000n);
    const profitOut = transfer(2, treasury, investor, 500n);
    const transfers = [
      capitalIn,
      profitOut,
      // a fill: the maker gives WETH to the taker and receives USDC from it, one transaction
      transfer(3, maker, taker, 1n, weth),
      transfer(3, taker, maker, 2_000n),
      // funding the hedge venue
      transfer(4, treasury, deposit, 700n),
      // a supply to the lending market
      transfer(5, maker, pool, 100n),
      // a rebalance
      transfer(6, maker, treasury, 50n),
      // a flash loan and its repayment with the premium
      transfer(7, pool, receiver, 1_000n),
      transfer(7, receiver, pool, 1_001n),
    ];
    const { flows, deposits } = classifyTransfers(transfers, edge);
    expect(flows).toEqual([
      { transfer: capitalIn, sign: 1 },
      { transfer: profitOut, sign: -1 },
    ]);
    expect(deposits.map((d) => d.amount)).toEqual([700n]);
  });
  it('without a deposit address, a transfer to the venue is a flow out (nothing tells it from a withdrawal)', () => {
    const { flows, deposits } = classifyTransfers([transfer(8, treasury, deposit, 700n)], {
      ...edge,
      depositAddress: undefined,
    });
    expect(flows.map((f) => f.sign)).toEqual([-1]);
    expect(deposits).toEqual([]);
  });
});
