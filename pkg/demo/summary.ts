/**
 * What `pmm-monitor demo --check` prints: the world read back from the chain over plain JSON-RPC and
 * set against the ledger, so a broken world says what is off instead of looking fine.
 */
import { createPublicClient, formatEther, formatUnits, http } from 'viem';

import type { DemoWorld } from './demoWorld';
import { aavePoolReadAbi, cometReadAbi, flashLoanEvent, orderFilledEvent } from './readAbis';
import { GAS_FLOAT_ETH } from './sim/plan';

export interface WorldSummary {
  text: string;
  problems: string[];
}

export async function summarizeWorld(world: DemoWorld): Promise<WorldSummary> {
  const client = createPublicClient({ transport: http(world.rpcUrl) });
  const { record, addresses } = world;
  const first = record.blocks[0];
  const last = record.blocks[record.blocks.length - 1];
  const problems: string[] = [];

  const head = await client.getBlock({ blockTag: 'latest' });
  if (head.number !== last.number || Number(head.timestamp) !== last.timestamp) {
    problems.push(
      `chain head ${head.number} @ ${head.timestamp} is not the ledger's last block ${last.number} @ ${last.timestamp}`
    );
  }
  const fills = await client.getLogs({
    address: addresses.limitOrderProtocol,
    event: orderFilledEvent,
    fromBlock: first.number,
    toBlock: last.number,
  });
  const settled = record.rfqs.filter((rfq) => rfq.settled === 'success');
  const reverted = record.rfqs.filter((rfq) => rfq.settled === 'reverted');
  if (fills.length !== settled.length) {
    problems.push(`${fills.length} OrderFilled events on chain, ${settled.length} settled fills in the ledger`);
  }
  const loans = await client.getLogs({
    address: addresses.aave.pool,
    event: flashLoanEvent,
    fromBlock: first.number,
    toBlock: last.number,
  });
  const ledgerLoans = record.blocks.reduce((n, b) => n + b.flashLoans.length, 0);
  if (loans.length !== ledgerLoans) {
    problems.push(`${loans.length} FlashLoan events on chain, ${ledgerLoans} in the ledger`);
  }
  const maker = addresses.wallets.maker;
  const [collateral, debt, , , , healthFactor] = await client.readContract({
    address: addresses.aave.pool,
    abi: aavePoolReadAbi,
    functionName: 'getUserAccountData',
    args: [maker],
  });
  const cometBorrow = await client.readContract({
    address: addresses.comet.market,
    abi: cometReadAbi,
    functionName: 'borrowBalanceOf',
    args: [maker],
  });
  const cometCollateral = await client.readContract({
    address: addresses.comet.market,
    abi: cometReadAbi,
    functionName: 'collateralBalanceOf',
    args: [maker, addresses.tokens.WETH],
  });
  // The gas float less the gas each wallet paid (ledger) against the chain's native balance.
  const floats = await Promise.all(
    (['maker', 'treasury'] as const).map(async (role) => {
      const address = addresses.wallets[role];
      const onChain = await client.getBalance({ address, blockNumber: last.number });
      const spent = record.txs
        .filter((tx) => tx.role === role)
        .reduce((total, tx) => total + tx.gasUsed * tx.effectiveGasPrice, 0n);
      const expected = BigInt(GAS_FLOAT_ETH[role] * 1e6) * 10n ** 12n - spent;
      if (onChain !== expected) {
        problems.push(`${role} holds ${formatEther(onChain)} ETH, the ledger says ${formatEther(expected)}`);
      }
      return `${role} ${Number(formatEther(onChain)).toFixed(4)} ETH (of ${GAS_FLOAT_ETH[role]})`;
    })
  );
  const flows = record.blocks.flatMap((b) =>
    b.flows.map(
      (f) => `${f.direction === 'in' ? '+' : '−'}${f.amount.toLocaleString('en-US')} ${f.asset} (${f.wallet})`
    )
  );
  const venueDeposits = record.blocks.flatMap((b) =>
    b.venueDeposits.map((d) => `${d.amount.toLocaleString('en-US')} ${d.asset}`)
  );
  const { staleFeed } = record.plan.scenario;
  const iso = (sec: number) => new Date(sec * 1000).toISOString();
  const answered = record.rfqs.filter((rfq) => rfq.quotedAtMs !== undefined).length;
  const hedge = record.hedge[record.blocks.length - 1];
  const usd = (value: bigint) => Number(formatUnits(value, 8)).toLocaleString('en-US', { maximumFractionDigits: 0 });
  const days = (last.timestamp - first.timestamp) / 86_400;
  const lines = [
    `blocks        ${record.blocks.length} (#${first.number}–#${last.number}), ${new Date(first.timestamp * 1000).toISOString()} → ${new Date(last.timestamp * 1000).toISOString()} (${days.toFixed(1)} days)`,
    `quotes        ${record.rfqs.length} RFQs, ${answered} answered, ${record.rfqs.filter((r) => r.accepted).length} accepted`,
    `fills         ${settled.length} settled, ${reverted.length} reverted (OrderFilled on chain: ${fills.length})`,
    `aave          collateral ${usd(collateral)} USD, debt ${usd(debt)} USD, health factor ${(Number(healthFactor) / 1e18).toFixed(3)}`,
    `comet         collateral ${formatUnits(cometCollateral, 18)} WETH, borrow ${Number(formatUnits(cometBorrow, 6)).toFixed(2)} USDC`,
    `flash loans   ${ledgerLoans} (FlashLoan on chain: ${loans.length})`,
    `hedge venue   ${hedge.positions.map((p) => `${p.asset} ${p.size}`).join(', ')}, margin ${hedge.marginBalance.toFixed(0)} USD`,
    `rebalances    ${record.blocks.reduce((n, b) => n + b.rebalances.length, 0)}`,
    `gas float     ${floats.join(', ')}`,
    `flows         ${flows.join(', ') || 'none'} (investor ${addresses.investor})`,
    `venue margin  deposits ${venueDeposits.join(', ') || 'none'} to ${addresses.hedgeDeposit}`,
    `stale feed    ${staleFeed.asset} posts nothing ${iso(staleFeed.from)} → ${iso(staleFeed.to)}`,
    `built in      ${(world.timings.totalMs / 1000).toFixed(1)} s (contracts ${(world.timings.deployMs / 1000).toFixed(1)} s), anvil peak RSS ${(world.anvil.peakRssBytes() / 2 ** 20).toFixed(0)} MiB`,
    `json-rpc      ${world.rpcUrl}`,
    `endpoints     ${world.endpointsUrl} (quote log /quote-log/rfqs, probe POST /rfq, hedge /hedge/account, /coingecko, /dune)`,
    ...problems.map((problem) => `PROBLEM       ${problem}`),
  ];
  return { text: `${lines.join('\n')}\n`, problems };
}
