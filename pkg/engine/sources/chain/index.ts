/**
 * The engine's protocol reads, one file per source, each a plain `(client, parameters)` action over
 * the engine's RpcClient: ERC-20 tokens, Chainlink feeds, Aave V3 and Compound III (Comet).
 */
export * from './aave';
export * from './chainlink';
export * from './comet';
export * from './erc20';
export { ratio, toTokens, type ChainSource, type FailureKind, type ReadEntry } from './contractRead';
