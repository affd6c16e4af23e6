/**
 * The off-chain sources: the market maker's quote log, RFQ endpoint and hedge venue
 * (docs/endpoints.md), and the public CoinGecko and Dune APIs. One plain async function per read;
 * the transport comes in as `deps` (FetchJsonDependencies), so tests and the demo swap it.
 */
export { getQuoteLog, QUOTE_LOG_PAGE_SIZE } from './quoteLog';
export type { GetQuoteLogParameters, GetQuoteLogReturnType, GetQuoteLogErrorType, QuoteLogRfq } from './quoteLog';
export { getHedgeAccount, getHedgeHistory, hedgeAccountUrl, hedgeKeyHeaders } from './hedgeVenue';
export type {
  GetHedgeAccountParameters,
  GetHedgeAccountReturnType,
  GetHedgeHistoryParameters,
  GetHedgeHistoryReturnType,
  GetHedgeErrorType,
  HedgeAccount,
  HedgeBalance,
  HedgePosition,
} from './hedgeVenue';
export { probeRfq } from './rfqProbe';
export type { ProbeRfqParameters, ProbeRfqDependencies, ProbeRfqReturnType, ProbeRfqErrorType } from './rfqProbe';
export { coingeckoKeyHeader, getMarketChartRange, getSimplePrices } from './coingecko';
export type {
  CoingeckoErrorType,
  GetMarketChartRangeParameters,
  GetMarketChartRangeReturnType,
  GetSimplePricesParameters,
  GetSimplePricesReturnType,
  MarketChartPoint,
  SimplePrice,
} from './coingecko';
export { DUNE_DEFAULTS, DuneExecutionError, runDuneQuery } from './dune';
export type { DuneCell, DuneRow, RunDuneQueryErrorType, RunDuneQueryParameters, RunDuneQueryReturnType } from './dune';
export { DUNE_LATEST_DEFAULTS, getDuneLatestResult } from './duneLatest';
export type {
  DuneColumn,
  GetDuneLatestResultErrorType,
  GetDuneLatestResultParameters,
  GetDuneLatestResultReturnType,
} from './duneLatest';
export { ShapeError } from './shape';
export type { Hex32 } from './shape';
