/**
 * The HTTP sources: the market maker's quote log, hedge venue and RFQ endpoint (required when
 * configured: KPIs read them), and CoinGecko and Dune (optional: they only supplement). Each is asked
 * the cheapest question that proves it answers in the documented shape.
 */
import type { PmmSettings } from '../../../../src/core/settings/types';
import {
  getHedgeAccount,
  getQuoteLog,
  getSimplePrices,
  probeRfq,
  runDuneQuery,
  type FetchJsonDependencies,
  type Secrets,
} from '../../../engine';
import { CHECK_TIMEOUT_MS, failed, ok, reasonOf, skipped, type HealthLine } from './types';

function failure(source: string, name: string, error: unknown, required = true): HealthLine {
  const { message, fix } = reasonOf(error);
  return failed(source, name, `${name}: ${message}`, fix, required);
}

async function checkQuoteLog(settings: PmmSettings, http: FetchJsonDependencies): Promise<HealthLine> {
  const url = settings.endpoints.quoteLogUrl;
  const name = 'quote log';
  if (!url) {
    return skipped('quote-log', name, `${name}: not configured (uptime falls back to the RFQ probe)`);
  }
  try {
    // An empty range: the cheapest page the log can answer, still in its documented shape.
    const now = Date.now();
    await getQuoteLog({ url, fromMs: now, toMs: now, pageSize: 1 }, http);
    return ok('quote-log', name, `${name}: answers`);
  } catch (error) {
    return failure('quote-log', name, error);
  }
}

async function checkHedgeVenue(
  settings: PmmSettings,
  secrets: Secrets,
  http: FetchJsonDependencies
): Promise<HealthLine> {
  const hedge = settings.venues.hedge;
  if (!hedge) {
    return skipped('hedge-venue', 'hedge venue', 'hedge venue: not configured');
  }
  const name = `hedge venue "${hedge.name}"`;
  try {
    const account = await getHedgeAccount({ url: hedge.url, apiKey: secrets.hedgeKey }, http);
    return ok(
      'hedge-venue',
      hedge.name,
      `${name}: ${account.positions.length} positions, ${account.balances.length} balances`
    );
  } catch (error) {
    return failure('hedge-venue', name, error);
  }
}

/** A pair the market maker quotes: the first volatile asset against the first stable one. */
function probePair(settings: PmmSettings): string | undefined {
  const base = settings.assets.find((asset) => !asset.stable);
  const quote = settings.assets.find((asset) => asset.stable);
  return base && quote ? `${base.symbol}/${quote.symbol}` : undefined;
}

async function checkRfqProbe(settings: PmmSettings, http: FetchJsonDependencies): Promise<HealthLine> {
  const url = settings.endpoints.rfqProbeUrl;
  const name = 'RFQ endpoint';
  if (!url) {
    return skipped('rfq-probe', name, `${name}: not configured (quote response time "now" is not measured)`);
  }
  const pair = probePair(settings);
  if (!pair) {
    return skipped('rfq-probe', name, `${name}: no volatile/stable asset pair to ask a quote for`);
  }
  try {
    const answer = await probeRfq({ url, pair, side: 'buy', baseAmount: 1, timeoutMs: CHECK_TIMEOUT_MS }, http);
    if (!answer.ok) {
      return failed(
        'rfq-probe',
        name,
        `${name}: ${answer.error}`,
        'check the RFQ endpoint URL and that the quoting engine is up'
      );
    }
    const quoted = answer.price === undefined ? 'declined to quote' : `quoted ${answer.price}`;
    return ok('rfq-probe', name, `${name}: ${quoted} for 1 ${pair}, ${Math.round(answer.roundTripMs)} ms`);
  } catch (error) {
    return failure('rfq-probe', name, error);
  }
}

async function checkCoingecko(
  settings: PmmSettings,
  secrets: Secrets,
  http: FetchJsonDependencies
): Promise<HealthLine> {
  const baseUrl = settings.endpoints.coingeckoUrl;
  const name = 'CoinGecko';
  const ids = settings.assets.flatMap((asset) => (asset.coingeckoId ? [asset.coingeckoId] : []));
  if (!baseUrl || ids.length === 0) {
    return skipped('coingecko', name, `${name}: not configured`);
  }
  try {
    const prices = await getSimplePrices({ baseUrl, ids, apiKey: secrets.coingeckoKey }, http);
    return ok('coingecko', name, `${name}: prices for ${Object.keys(prices).length} of ${ids.length} ids`, false);
  } catch (error) {
    return failure('coingecko', name, error, false);
  }
}

async function checkDune(settings: PmmSettings, secrets: Secrets, http: FetchJsonDependencies): Promise<HealthLine> {
  const { duneUrl, duneQueryId } = settings.endpoints;
  const name = 'Dune';
  if (!duneUrl || !duneQueryId) {
    return skipped('dune', name, `${name}: not configured`);
  }
  if (!secrets.duneKey) {
    return skipped('dune', name, `${name}: no API key in the secure settings, so the saved query is not run`);
  }
  try {
    const result = await runDuneQuery(
      { baseUrl: duneUrl, queryId: duneQueryId, apiKey: secrets.duneKey, pollMs: 250, deadlineMs: CHECK_TIMEOUT_MS },
      http
    );
    return ok('dune', name, `${name}: query ${duneQueryId} gave ${result.rows.length} rows`, false);
  } catch (error) {
    return failure('dune', name, error, false);
  }
}

export function checkEndpoints(
  settings: PmmSettings,
  secrets: Secrets,
  http: FetchJsonDependencies = {}
): Promise<HealthLine[]> {
  return Promise.all([
    checkQuoteLog(settings, http),
    checkHedgeVenue(settings, secrets, http),
    checkRfqProbe(settings, http),
    checkCoingecko(settings, secrets, http),
    checkDune(settings, secrets, http),
  ]);
}
