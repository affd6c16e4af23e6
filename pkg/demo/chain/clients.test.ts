import { parseEther } from 'viem';

import { startAnvil, type AnvilHandle } from './anvil';
import { demoAccount, demoClients } from './clients';

jest.setTimeout(30_000);

describe('demoClients wallets', () => {
  let anvil: AnvilHandle;
  beforeAll(async () => {
    anvil = await startAnvil({ timestamp: 1_700_000_000 });
  });
  afterAll(() => anvil.stop());

  // A plain ether transfer costs exactly 21,000 gas, so its padded limit is known by hand:
  // max(21,000 × 1.5, 21,000 + 150,000) = 171,000. viem fills the limit through eth_fillTransaction
  // when the node offers it (anvil does), so this fails if that path goes out unpadded.
  it('sends every transaction with the padded gas limit, whichever way viem filled it', async () => {
    const clients = demoClients(anvil.url);
    const hash = await clients.wallet('deployer').sendTransaction({
      to: demoAccount('maker').address,
      value: parseEther('1'),
    });
    const receipt = await clients.public.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    const tx = await clients.public.getTransaction({ hash });
    expect(receipt.gasUsed).toBe(21_000n);
    expect(tx.gas).toBe(171_000n);
  });
});
