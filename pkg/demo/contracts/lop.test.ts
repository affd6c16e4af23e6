/**
 * The 1inch LOP v4 on a fresh anvil, with real bytecode: an RFQ quote signed off-chain fills once,
 * its hash matches the contract's, the money moves exactly, and replays or expired quotes revert.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  domainSeparator,
  erc20Abi,
  parseEventLogs,
  parseUnits,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem';

import { startAnvil, type AnvilHandle } from '../chain/anvil';
import { demoAccount, demoClients, type DemoClients } from '../chain/clients';
import {
  buildRfqOrder,
  compileLimitOrderProtocol,
  decodeMakerTraits,
  deployLimitOrderProtocol,
  encodeTakerTraits,
  fillOrderCall,
  fullFillCall,
  lopAbi,
  lopDomain,
  ORDER_FILLED_EVENT,
  orderHash,
  orderTuple,
  signOrder,
  type FillOrderCall,
  type Order,
} from './lop';
import { deployTokens, mint, tokenAbi } from './tokens';

/** The custom error a call reverts with, as the simulation decodes it against lopAbi. */
async function revertReason(clients: DemoClients, lop: Address, call: FillOrderCall): Promise<string | undefined> {
  try {
    await clients.public.simulateContract({
      address: lop,
      abi: lopAbi,
      functionName: call.functionName,
      args: call.args,
      account: demoAccount('taker1'),
    });
    return undefined;
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : String(error);
  }
}

/** Sends without simulating (explicit gas), so a reverting fill is mined and has a receipt. */
async function sendFill(clients: DemoClients, lop: Address, call: FillOrderCall): Promise<TransactionReceipt> {
  const hash = await clients.wallet('taker1').sendTransaction({ to: lop, data: call.data, gas: 500_000n });
  return clients.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
}

/** Drops what the compiler adds and a human-readable ABI does not carry, and orders keys, so the two compare. */
function normalizeAbi(abi: readonly unknown[]): unknown[] {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.map(strip);
    }
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(
            ([key, v]) =>
              key !== 'internalType' &&
              !(key === 'name' && v === '') &&
              !(['anonymous', 'indexed'].includes(key) && v === false)
          )
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, v]) => [key, strip(v)])
      );
    }
    return value;
  };
  return abi.map(strip).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('1inch Limit Order Protocol v4 on anvil', () => {
  let anvil: AnvilHandle | undefined;
  let clients: DemoClients;
  let lop: Address;
  let weth: Address;
  let usdc: Address;
  let chainId: number;
  const maker = demoAccount('maker').address;
  const taker = demoAccount('taker1').address;

  beforeAll(async () => {
    let started = Date.now();
    const compiled = compileLimitOrderProtocol();
    const firstMs = Date.now() - started;
    started = Date.now();
    compileLimitOrderProtocol();
    const cachedMs = Date.now() - started;
    console.log(
      `LOP compile: first call ${firstMs} ms, cached ${cachedMs} ms; runtime bytecode ${(compiled.deployedBytecode.length - 2) / 2} bytes`
    );

    anvil = await startAnvil();
    clients = demoClients(anvil.url);
    chainId = await clients.public.getChainId();

    const tokens = await deployTokens(clients);
    weth = tokens.WETH.address;
    usdc = tokens.USDC.address;
    lop = await deployLimitOrderProtocol(clients, weth);

    await mint(clients, weth, maker, parseUnits('10', 18));
    await mint(clients, usdc, taker, parseUnits('100000', 6));
    for (const [role, token] of [
      ['maker', weth],
      ['taker1', usdc],
    ] as const) {
      const hash = await clients.wallet(role).writeContract({
        address: token,
        abi: erc20Abi,
        functionName: 'approve',
        args: [lop, 2n ** 256n - 1n],
      });
      await clients.public.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    }
  }, 180_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  async function balances(): Promise<Record<string, bigint>> {
    const read = (token: Address, who: Address) =>
      clients.public.readContract({ address: token, abi: tokenAbi, functionName: 'balanceOf', args: [who] });
    const [makerWeth, makerUsdc, takerWeth, takerUsdc] = await Promise.all([
      read(weth, maker),
      read(usdc, maker),
      read(weth, taker),
      read(usdc, taker),
    ]);
    return { makerWeth, makerUsdc, takerWeth, takerUsdc };
  }

  async function now(): Promise<bigint> {
    return (await clients.public.getBlock()).timestamp;
  }

  it('declares exactly the compiled ABI', () => {
    expect(normalizeAbi(lopAbi)).toEqual(normalizeAbi(compileLimitOrderProtocol().abi));
  });

  it('uses the EIP-712 domain the contract reports', async () => {
    const onChain = await clients.public.readContract({ address: lop, abi: lopAbi, functionName: 'DOMAIN_SEPARATOR' });
    expect(onChain).toBe(domainSeparator({ domain: lopDomain(chainId, lop) }));
    const [, name, version] = await clients.public.readContract({
      address: lop,
      abi: lopAbi,
      functionName: 'eip712Domain',
    });
    expect([name, version]).toEqual(['1inch Limit Order Protocol', '4']);
  });

  describe('an RFQ quote: 1 WETH for 3,000 USDC', () => {
    let order: Order;
    let hash: Hex;
    let call: FillOrderCall;

    beforeAll(async () => {
      order = buildRfqOrder({
        maker,
        makerAsset: weth,
        takerAsset: usdc,
        makingAmount: parseUnits('1', 18),
        takingAmount: parseUnits('3000', 6),
        expiry: (await now()) + 600n,
        nonce: 1,
      });
      hash = orderHash(chainId, lop, order);
      call = fullFillCall(order, await signOrder(clients.wallet('maker'), chainId, lop, order));
    });

    it('encodes the traits it documents', () => {
      expect(decodeMakerTraits(order.makerTraits)).toMatchObject({
        noPartialFills: true,
        allowMultipleFills: false,
        nonce: 1n,
      });
    });

    it('fills once, with the hash the contract computes, moving exactly the quoted amounts', async () => {
      const before = await balances();
      const receipt = await sendFill(clients, lop, call);
      expect(receipt.status).toBe('success');
      console.log(`fillOrder (full RFQ fill, first use of the nonce slot) gas used: ${receipt.gasUsed}`);

      const filled = parseEventLogs({ abi: [ORDER_FILLED_EVENT], logs: receipt.logs, eventName: 'OrderFilled' });
      expect(filled).toHaveLength(1);
      expect(filled[0].address).toBe(lop.toLowerCase());
      const onChainHash = await clients.public.readContract({
        address: lop,
        abi: lopAbi,
        functionName: 'hashOrder',
        args: [orderTuple(order)],
      });
      expect(filled[0].args.orderHash).toBe(hash);
      expect(onChainHash).toBe(hash);
      expect(filled[0].args.remainingAmount).toBe(0n);

      const after = await balances();
      expect(after.makerWeth - before.makerWeth).toBe(-order.makingAmount);
      expect(after.makerUsdc - before.makerUsdc).toBe(order.takingAmount);
      expect(after.takerWeth - before.takerWeth).toBe(order.makingAmount);
      expect(after.takerUsdc - before.takerUsdc).toBe(-order.takingAmount);

      const transfers = parseEventLogs({ abi: erc20Abi, logs: receipt.logs, eventName: 'Transfer' });
      const fromMaker = transfers.filter((t) => t.address === weth.toLowerCase());
      expect(fromMaker).toHaveLength(1);
      expect(fromMaker[0].args).toEqual({ from: maker, to: taker, value: order.makingAmount });
      const toMaker = transfers.filter((t) => t.address === usdc.toLowerCase());
      expect(toMaker).toHaveLength(1);
      expect(toMaker[0].args).toEqual({ from: taker, to: maker, value: order.takingAmount });
    });

    it('reverts a second fill of the same quote', async () => {
      expect(await revertReason(clients, lop, call)).toBe('BitInvalidatedOrder');
      const receipt = await sendFill(clients, lop, call);
      expect(receipt.status).toBe('reverted');
    });
  });

  it('reverts the fill of an expired quote', async () => {
    const expired = buildRfqOrder({
      maker,
      makerAsset: weth,
      takerAsset: usdc,
      makingAmount: parseUnits('1', 18),
      takingAmount: parseUnits('3000', 6),
      expiry: (await now()) - 60n,
      nonce: 2,
    });
    const call = fullFillCall(expired, await signOrder(clients.wallet('maker'), chainId, lop, expired));
    expect(await revertReason(clients, lop, call)).toBe('OrderExpired');
    const before = await balances();
    const receipt = await sendFill(clients, lop, call);
    expect(receipt.status).toBe('reverted');
    expect(await balances()).toEqual(before);
  });

  it('fills by taking amount too, and refuses a taker threshold below the quote', async () => {
    const quote = buildRfqOrder({
      maker,
      makerAsset: weth,
      takerAsset: usdc,
      makingAmount: parseUnits('0.5', 18),
      takingAmount: parseUnits('1500', 6),
      expiry: (await now()) + 600n,
      nonce: 3,
    });
    const signature = await signOrder(clients.wallet('maker'), chainId, lop, quote);
    const stingy = fillOrderCall(
      quote,
      signature,
      quote.makingAmount,
      encodeTakerTraits({ amountIs: 'making', threshold: quote.takingAmount - 1n })
    );
    expect(await revertReason(clients, lop, stingy)).toBe('TakingAmountTooHigh');
    const byTaking = fillOrderCall(
      quote,
      signature,
      quote.takingAmount,
      encodeTakerTraits({ amountIs: 'taking', threshold: quote.makingAmount })
    );
    const receipt = await sendFill(clients, lop, byTaking);
    expect(receipt.status).toBe('success');
    console.log(`fillOrder (amount = taking amount, nonce slot already warm) gas used: ${receipt.gasUsed}`);
  });

  it('lets only the allowed sender fill a private quote', async () => {
    const quote = buildRfqOrder({
      maker,
      makerAsset: weth,
      takerAsset: usdc,
      makingAmount: parseUnits('0.1', 18),
      takingAmount: parseUnits('300', 6),
      expiry: (await now()) + 600n,
      nonce: 5,
      allowedSender: demoAccount('taker2').address,
    });
    const call = fullFillCall(quote, await signOrder(clients.wallet('maker'), chainId, lop, quote));
    // revertReason simulates as taker1, who is not the allowed sender.
    expect(await revertReason(clients, lop, call)).toBe('PrivateOrder');
  });

  it('rejects a signature by anyone but the maker before it reaches the chain', async () => {
    const order = buildRfqOrder({
      maker,
      makerAsset: weth,
      takerAsset: usdc,
      makingAmount: 1n,
      takingAmount: 1n,
      expiry: (await now()) + 600n,
      nonce: 4,
    });
    await expect(signOrder(clients.wallet('taker2'), chainId, lop, order)).rejects.toThrow(
      'is not the signing account'
    );
  });
});
