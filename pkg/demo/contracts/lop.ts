/**
 * The 1inch Limit Order Protocol v4, compiled from the registry's sources, and the off-chain half of
 * an RFQ quote: building the order, hashing and signing it as the contract does, and the fill call.
 *
 * v4 has no separate RFQ order type: a quote is a plain order whose makerTraits make it fillable once
 * (see `buildRfqOrder`). The contract is the reference for every encoding here; the test checks the
 * hash against its `hashOrder` view and the ABI below against the compiler's output.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
  encodeFunctionData,
  hashTypedData,
  parseAbi,
  parseAbiItem,
  parseSignature,
  signatureToCompactSignature,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type Transport,
  type TypedDataDomain,
  type WalletClient,
} from 'viem';

import { PmmError } from '../../../src/core/errors';
import type { DemoClients } from '../chain/clients';
import { compileSolidity, type CompiledContract } from './compile';
import { deploy } from './deploy';

const SOURCE = '1inch-lop';
const REPO_ROOT = path.resolve(__dirname, '../../..');
const NODE_MODULES = path.join(REPO_ROOT, 'node_modules');
/** Named with its package path so the contract's relative imports ("./OrderMixin.sol") resolve. */
const ENTRY_UNIT = '@1inch/limit-order-protocol-contract/contracts/LimitOrderProtocol.sol';

/** From `EIP712("1inch Limit Order Protocol", "4")` in LimitOrderProtocol.sol. */
export const LOP_DOMAIN_NAME = '1inch Limit Order Protocol';
export const LOP_DOMAIN_VERSION = '4';

const IMPORT_PATTERN = /^\s*import\s+(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm;

/**
 * Reads the entry unit and everything it imports, transitively. compile.ts keys its cache on the
 * sources it is given, not on files its import callback reads later; handing it the whole tree means
 * an upgrade of @1inch/solidity-utils or @openzeppelin/contracts recompiles instead of reusing a
 * stale cached build.
 */
function collectSources(entry: string, root: string): Record<string, string> {
  const sources: Record<string, string> = {};
  const pending = [entry];
  while (pending.length > 0) {
    const unit = pending.pop() as string;
    if (unit in sources) {
      continue;
    }
    const file = path.join(root, unit);
    if (!existsSync(file)) {
      throw new PmmError(SOURCE, `Solidity source ${unit} not found under ${root}`, {
        fix: 'run npm install (the package @1inch/limit-order-protocol-contract and its dependencies are needed)',
      });
    }
    const text = readFileSync(file, 'utf8');
    sources[unit] = text;
    for (const match of text.matchAll(IMPORT_PATTERN)) {
      const target = match[1];
      pending.push(
        target.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(unit), target)) : target
      );
    }
  }
  return sources;
}

/**
 * solc-js needs via-IR for this contract ("stack too deep" without it); 1,000 runs is what keeps the
 * runtime under the 24 KB contract size limit while making fills cheap. Cached after the first call.
 */
export function compileLimitOrderProtocol(options: { cacheDir?: string } = {}): CompiledContract {
  const compiled = compileSolidity({
    sources: collectSources(ENTRY_UNIT, NODE_MODULES),
    viaIR: true,
    optimizerRuns: 1_000,
    importRoots: [NODE_MODULES],
    cacheDir: options.cacheDir,
  });
  const contract = compiled[ENTRY_UNIT]?.LimitOrderProtocol;
  if (!contract) {
    throw new PmmError(SOURCE, 'the compiler output has no LimitOrderProtocol contract', {
      fix: 'check the installed version of @1inch/limit-order-protocol-contract',
    });
  }
  return contract;
}

/** Deploys the protocol; `weth` is the token it wraps and unwraps ETH through (immutable). */
export async function deployLimitOrderProtocol(clients: DemoClients, weth: Address): Promise<Address> {
  return deploy(clients, compileLimitOrderProtocol(), [weth]);
}

/**
 * The contract's ABI, written out so viem can type calls and decoded logs. It must equal the compiled
 * ABI (lop.test.ts checks it). Note the order tuple: `Address` and `MakerTraits` are uint256 value
 * types in Solidity, so maker, receiver and the assets travel as uint256 (see `orderTuple`).
 */
export const lopAbi = parseAbi([
  'constructor(address _weth)',
  'error AdvanceEpochFailed()',
  'error ArbitraryStaticCallFailed()',
  'error BadSignature()',
  'error BitInvalidatedOrder()',
  'error ETHTransferFailed()',
  'error EnforcedPause()',
  'error EpochManagerAndBitInvalidatorsAreIncompatible()',
  'error EthDepositRejected()',
  'error ExpectedPause()',
  'error InvalidMsgValue()',
  'error InvalidPermit2Transfer()',
  'error InvalidShortString()',
  'error InvalidatedOrder()',
  'error MakingAmountTooLow()',
  'error MismatchArraysLengths()',
  'error OrderExpired()',
  'error OrderIsNotSuitableForMassInvalidation()',
  'error OwnableInvalidOwner(address owner)',
  'error OwnableUnauthorizedAccount(address account)',
  'error PartialFillNotAllowed()',
  'error Permit2TransferAmountTooHigh()',
  'error PredicateIsNotTrue()',
  'error PrivateOrder()',
  'error ReentrancyDetected()',
  'error RemainingInvalidatedOrder()',
  'error SafeTransferFailed()',
  'error SafeTransferFromFailed()',
  'error SimulationResults(bool success, bytes res)',
  'error StringTooLong(string str)',
  'error SwapWithZeroAmount()',
  'error TakingAmountExceeded()',
  'error TakingAmountTooHigh()',
  'error TransferFromMakerToTakerFailed()',
  'error TransferFromTakerToMakerFailed()',
  'error WrongSeriesNonce()',
  'event BitInvalidatorUpdated(address indexed maker, uint256 slotIndex, uint256 slotValue)',
  'event EIP712DomainChanged()',
  'event EpochIncreased(address indexed maker, uint256 series, uint256 newEpoch)',
  'event OrderCancelled(bytes32 orderHash)',
  'event OrderFilled(bytes32 orderHash, uint256 remainingAmount)',
  'event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)',
  'event Paused(address account)',
  'event Unpaused(address account)',
  'function DOMAIN_SEPARATOR() view returns (bytes32)',
  'function advanceEpoch(uint96 series, uint256 amount)',
  'function and(uint256 offsets, bytes data) view returns (bool)',
  'function arbitraryStaticCall(address target, bytes data) view returns (uint256)',
  'function bitInvalidatorForOrder(address maker, uint256 slot) view returns (uint256)',
  'function bitsInvalidateForOrder(uint256 makerTraits, uint256 additionalMask)',
  'function cancelOrder(uint256 makerTraits, bytes32 orderHash)',
  'function cancelOrders(uint256[] makerTraits, bytes32[] orderHashes)',
  'function checkPredicate(bytes predicate) view returns (bool)',
  'function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)',
  'function epoch(address maker, uint96 series) view returns (uint256)',
  'function epochEquals(address maker, uint256 series, uint256 makerEpoch) view returns (bool)',
  'function eq(uint256 value, bytes data) view returns (bool)',
  'function fillContractOrder((uint256 salt, uint256 maker, uint256 receiver, uint256 makerAsset, uint256 takerAsset, uint256 makingAmount, uint256 takingAmount, uint256 makerTraits) order, bytes signature, uint256 amount, uint256 takerTraits) returns (uint256, uint256, bytes32)',
  'function fillContractOrderArgs((uint256 salt, uint256 maker, uint256 receiver, uint256 makerAsset, uint256 takerAsset, uint256 makingAmount, uint256 takingAmount, uint256 makerTraits) order, bytes signature, uint256 amount, uint256 takerTraits, bytes args) returns (uint256, uint256, bytes32)',
  'function fillOrder((uint256 salt, uint256 maker, uint256 receiver, uint256 makerAsset, uint256 takerAsset, uint256 makingAmount, uint256 takingAmount, uint256 makerTraits) order, bytes32 r, bytes32 vs, uint256 amount, uint256 takerTraits) payable returns (uint256, uint256, bytes32)',
  'function fillOrderArgs((uint256 salt, uint256 maker, uint256 receiver, uint256 makerAsset, uint256 takerAsset, uint256 makingAmount, uint256 takingAmount, uint256 makerTraits) order, bytes32 r, bytes32 vs, uint256 amount, uint256 takerTraits, bytes args) payable returns (uint256, uint256, bytes32)',
  'function gt(uint256 value, bytes data) view returns (bool)',
  'function hashOrder((uint256 salt, uint256 maker, uint256 receiver, uint256 makerAsset, uint256 takerAsset, uint256 makingAmount, uint256 takingAmount, uint256 makerTraits) order) view returns (bytes32)',
  'function increaseEpoch(uint96 series)',
  'function lt(uint256 value, bytes data) view returns (bool)',
  'function not(bytes data) view returns (bool)',
  'function or(uint256 offsets, bytes data) view returns (bool)',
  'function owner() view returns (address)',
  'function pause()',
  'function paused() view returns (bool)',
  'function permitAndCall(bytes permit, bytes action) payable',
  'function rawRemainingInvalidatorForOrder(address maker, bytes32 orderHash) view returns (uint256)',
  'function remainingInvalidatorForOrder(address maker, bytes32 orderHash) view returns (uint256)',
  'function renounceOwnership()',
  'function simulate(address target, bytes data)',
  'function transferOwnership(address newOwner)',
  'function unpause()',
  'receive() external payable',
]);

/** Nothing is indexed and the maker is absent: attribute fills by the hashes of the orders we signed. */
export const ORDER_FILLED_EVENT = parseAbiItem('event OrderFilled(bytes32 orderHash, uint256 remainingAmount)');
/** Emitted by `cancelOrder` only for orders that track a remaining amount (ALLOW_MULTIPLE_FILLS set). */
export const ORDER_CANCELLED_EVENT = parseAbiItem('event OrderCancelled(bytes32 orderHash)');
/**
 * What `cancelOrder` emits instead for bit-invalidator orders such as our RFQ quotes: the maker and the
 * nonce's slot (nonce >> 8) with the slot's new bits, not the order hash.
 */
export const BIT_INVALIDATOR_UPDATED_EVENT = parseAbiItem(
  'event BitInvalidatorUpdated(address indexed maker, uint256 slotIndex, uint256 slotValue)'
);

/** The order as the maker signs it (EIP-712 types of OrderLib._LIMIT_ORDER_TYPEHASH). */
export interface Order {
  salt: bigint;
  maker: Address;
  /** Who receives the taker asset; the zero address means the maker. */
  receiver: Address;
  makerAsset: Address;
  takerAsset: Address;
  makingAmount: bigint;
  takingAmount: bigint;
  makerTraits: bigint;
}

/** The same order as the contract's ABI takes it: addresses are uint256 there. */
export interface OrderTuple {
  salt: bigint;
  maker: bigint;
  receiver: bigint;
  makerAsset: bigint;
  takerAsset: bigint;
  makingAmount: bigint;
  takingAmount: bigint;
  makerTraits: bigint;
}

export function orderTuple(order: Order): OrderTuple {
  return {
    salt: order.salt,
    maker: BigInt(order.maker),
    receiver: BigInt(order.receiver),
    makerAsset: BigInt(order.makerAsset),
    takerAsset: BigInt(order.takerAsset),
    makingAmount: order.makingAmount,
    takingAmount: order.takingAmount,
    makerTraits: order.makerTraits,
  };
}

const ORDER_TYPES = {
  Order: [
    { name: 'salt', type: 'uint256' },
    { name: 'maker', type: 'address' },
    { name: 'receiver', type: 'address' },
    { name: 'makerAsset', type: 'address' },
    { name: 'takerAsset', type: 'address' },
    { name: 'makingAmount', type: 'uint256' },
    { name: 'takingAmount', type: 'uint256' },
    { name: 'makerTraits', type: 'uint256' },
  ],
} as const;

export function lopDomain(chainId: number, lop: Address): TypedDataDomain {
  return { name: LOP_DOMAIN_NAME, version: LOP_DOMAIN_VERSION, chainId, verifyingContract: lop };
}

// MakerTraits layout, from MakerTraitsLib.sol.
/** Bit 255: the fill must take the whole making amount. */
const NO_PARTIAL_FILLS_FLAG = 1n << 255n;
/** Bit 254: the order may be filled more than once (tracked by remaining amount, not by nonce bit). */
const ALLOW_MULTIPLE_FILLS_FLAG = 1n << 254n;
/** Bits 0–79: the low 80 bits of the only address allowed to fill (0 = anyone). */
const ALLOWED_SENDER_MASK = (1n << 80n) - 1n;
const EXPIRATION_OFFSET = 80n;
const NONCE_OR_EPOCH_OFFSET = 120n;
const UINT40_MAX = (1n << 40n) - 1n;
const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000';

export interface RfqOrderParams {
  maker: Address;
  makerAsset: Address;
  takerAsset: Address;
  makingAmount: bigint;
  takingAmount: bigint;
  /** Unix seconds after which the quote can no longer be filled (the contract compares with `<`). */
  expiry: number | bigint;
  /**
   * Unique per quote and per maker, below 2^40: the fill burns bit `nonce & 0xff` of the maker's
   * invalidator slot `nonce >> 8`, so a reused nonce makes the later quote unfillable.
   */
  nonce: number | bigint;
  /** Restricts the fill to one taker (matched on the address's low 80 bits, as the contract does). */
  allowedSender?: Address;
  /** Receiver of the taker asset; defaults to the maker. */
  receiver?: Address;
  /** Any uint256 while the order has no extension; defaults to the nonce so replays hash identically. */
  salt?: bigint;
  /** 1inch's own RFQ quotes allow one fill of any size up to makingAmount; ours default to all-or-nothing. */
  allowPartialFill?: boolean;
}

function uint40(name: string, value: number | bigint, fix: string): bigint {
  const v = BigInt(value);
  if (v < 0n || v > UINT40_MAX) {
    throw new PmmError(SOURCE, `${name} ${v} does not fit the 40 bits makerTraits has for it`, { fix });
  }
  return v;
}

/**
 * An RFQ quote as a v4 order. makerTraits:
 * - NO_PARTIAL_FILLS (bit 255) set unless `allowPartialFill`: the taker takes the quote whole;
 * - ALLOW_MULTIPLE_FILLS (bit 254) clear: the contract then uses the bit invalidator, so the first
 *   fill burns the nonce and any second fill reverts (BitInvalidatedOrder); no per-order storage;
 * - NEED_CHECK_EPOCH_MANAGER (bit 250) clear: epochs cannot be combined with the bit invalidator;
 * - no extension, interaction, permit2 or WETH-unwrap flags (bits 247–252), so salt is free;
 * - expiration in bits 80–119, nonce in bits 120–159, allowed sender in bits 0–79; series (160–199)
 *   stays 0 because it only matters with the epoch manager.
 */
export function buildRfqOrder(params: RfqOrderParams): Order {
  if (params.makingAmount <= 0n || params.takingAmount <= 0n) {
    throw new PmmError(SOURCE, 'a quote needs positive making and taking amounts', {
      fix: 'the contract rejects zero-amount swaps (SwapWithZeroAmount)',
    });
  }
  const expiry = uint40('expiry', params.expiry, 'pass unix seconds');
  if (expiry === 0n) {
    // 0 means "never expires" to the contract; a quote must not live forever by accident.
    throw new PmmError(SOURCE, 'a quote needs an expiry', { fix: 'pass unix seconds after the quote time' });
  }
  const nonce = uint40('nonce', params.nonce, 'use a per-maker counter below 2^40');
  let traits = (nonce << NONCE_OR_EPOCH_OFFSET) | (expiry << EXPIRATION_OFFSET);
  if (params.allowedSender) {
    traits |= BigInt(params.allowedSender) & ALLOWED_SENDER_MASK;
  }
  if (!params.allowPartialFill) {
    traits |= NO_PARTIAL_FILLS_FLAG;
  }
  return {
    salt: params.salt ?? nonce,
    maker: params.maker,
    receiver: params.receiver ?? ZERO_ADDRESS,
    makerAsset: params.makerAsset,
    takerAsset: params.takerAsset,
    makingAmount: params.makingAmount,
    takingAmount: params.takingAmount,
    makerTraits: traits,
  };
}

/** Decodes the fields `buildRfqOrder` sets, for logs and checks. */
export function decodeMakerTraits(makerTraits: bigint): {
  noPartialFills: boolean;
  allowMultipleFills: boolean;
  expiry: bigint;
  nonce: bigint;
  allowedSenderLow80: bigint;
} {
  return {
    noPartialFills: (makerTraits & NO_PARTIAL_FILLS_FLAG) !== 0n,
    allowMultipleFills: (makerTraits & ALLOW_MULTIPLE_FILLS_FLAG) !== 0n,
    expiry: (makerTraits >> EXPIRATION_OFFSET) & UINT40_MAX,
    nonce: (makerTraits >> NONCE_OR_EPOCH_OFFSET) & UINT40_MAX,
    allowedSenderLow80: makerTraits & ALLOWED_SENDER_MASK,
  };
}

/** The EIP-712 hash the contract computes (`hashOrder`) and emits in OrderFilled. */
export function orderHash(chainId: number, lop: Address, order: Order): Hex {
  return hashTypedData({ domain: lopDomain(chainId, lop), types: ORDER_TYPES, primaryType: 'Order', message: order });
}

/** EIP-2098 compact signature, the (r, vs) pair `fillOrder` takes. */
export interface CompactOrderSignature {
  r: Hex;
  vs: Hex;
}

export async function signOrder(
  wallet: WalletClient<Transport, Chain, Account>,
  chainId: number,
  lop: Address,
  order: Order
): Promise<CompactOrderSignature> {
  if (wallet.account.address.toLowerCase() !== order.maker.toLowerCase()) {
    // The contract would only say BadSignature at fill time, far from the cause.
    throw new PmmError(SOURCE, `order maker ${order.maker} is not the signing account ${wallet.account.address}`, {
      fix: 'sign with the maker wallet',
    });
  }
  const signature = await wallet.signTypedData({
    account: wallet.account,
    domain: lopDomain(chainId, lop),
    types: ORDER_TYPES,
    primaryType: 'Order',
    message: order,
  });
  const compact = signatureToCompactSignature(parseSignature(signature));
  return { r: compact.r, vs: compact.yParityAndS };
}

// TakerTraits layout, from TakerTraitsLib.sol.
/** Bit 255: `amount` is the making amount (taking amount derived, rounded up), else the taking amount. */
const MAKER_AMOUNT_FLAG = 1n << 255n;
/** Bits 0–183 (the library's _AMOUNT_MASK; its comment says 0–184). */
const THRESHOLD_MASK = (1n << 184n) - 1n;

export interface TakerTraitsParams {
  /** Which side `amount` of fillOrder names. */
  amountIs: 'making' | 'taking';
  /**
   * 0 = no check. With 'making': the most taker asset the taker pays for `amount` (TakingAmountTooHigh
   * above it). With 'taking': the least maker asset the taker accepts (MakingAmountTooLow below it).
   */
  threshold?: bigint;
}

/** Only the amount flag and threshold: no unwrap, permit, permit2 or args (bits 251–254, 200–247 zero). */
export function encodeTakerTraits(params: TakerTraitsParams): bigint {
  const threshold = params.threshold ?? 0n;
  if (threshold < 0n || threshold > THRESHOLD_MASK) {
    throw new PmmError(SOURCE, `threshold ${threshold} does not fit 184 bits`, {
      fix: 'pass a token amount in base units',
    });
  }
  return (params.amountIs === 'making' ? MAKER_AMOUNT_FLAG : 0n) | threshold;
}

export type FillOrderArgs = readonly [OrderTuple, Hex, Hex, bigint, bigint];

export interface FillOrderCall {
  functionName: 'fillOrder';
  args: FillOrderArgs;
  /** The calldata, for sendTransaction (which, unlike writeContract, does not simulate first). */
  data: Hex;
}

export function fillOrderCall(
  order: Order,
  signature: CompactOrderSignature,
  amount: bigint,
  takerTraits: bigint
): FillOrderCall {
  const args: FillOrderArgs = [orderTuple(order), signature.r, signature.vs, amount, takerTraits];
  return {
    functionName: 'fillOrder',
    args,
    data: encodeFunctionData({ abi: lopAbi, functionName: 'fillOrder', args }),
  };
}

/**
 * Takes a quote whole: `amount` names the making amount, so the no-partial-fill check
 * (makingAmount == order.makingAmount) holds whatever the rounding, and the threshold caps what the
 * taker pays at the quoted taking amount.
 */
export function fullFillCall(order: Order, signature: CompactOrderSignature): FillOrderCall {
  return fillOrderCall(
    order,
    signature,
    order.makingAmount,
    encodeTakerTraits({ amountIs: 'making', threshold: order.takingAmount })
  );
}
