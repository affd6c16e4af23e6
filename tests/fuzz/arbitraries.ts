/**
 * Generated QueryData requests for the fuzz tests: data source settings and query JSON as Grafana may
 * send them — mostly well-formed (so the engine is reached) with every field liable to be wrong, plus
 * outright garbage. Every URL points at 127.0.0.1 on ports nothing listens on: no test reaches a
 * public network, and a source "down" answers at once.
 */
import fc from 'fast-check';

import { AREAS, KPIS } from '../../src/core/catalogue';
import { WALLET_ROLES } from '../../src/core/settings/types';
import { DAY_MS } from '../../src/core/time';

export interface FuzzQuery {
  refId: string;
  maxDataPoints: number;
  intervalMs: number;
  fromMs: number;
  toMs: number;
  json: Buffer;
}

export interface FuzzRequest {
  jsonData: Buffer;
  secrets: Record<string, string>;
  queries: FuzzQuery[];
}

const hex40 = fc.stringMatching(/^[0-9a-f]{40}$/).map((h) => `0x${h}`);
/** Valid most of the time; sometimes a typo, a wrong length, or not an address at all. */
const address = fc.oneof(
  { weight: 6, arbitrary: hex40 },
  { weight: 1, arbitrary: fc.stringMatching(/^0x[0-9a-fA-F]{0,42}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 50 }) }
);

const goodUrl = (closedPorts: readonly number[]) =>
  fc.tuple(fc.constantFrom(...closedPorts), fc.webPath()).map(([p, path]) => `http://127.0.0.1:${p}${path}`);

/** http://127.0.0.1:<closed port>/<path>, or something that is not a URL. */
const url = (closedPorts: readonly number[]) =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .tuple(fc.constantFrom(...closedPorts), fc.webPath())
        .map(([p, path]) => `http://127.0.0.1:${p}${path}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        'not a url',
        'ftp://127.0.0.1/x',
        'http://127.0.0.1:0/',
        'http://[::1',
        '127.0.0.1:1'
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }
  );

const anyNumber = fc.oneof(
  fc.integer({ min: -10, max: 10_000 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(0, -1, Number.MAX_SAFE_INTEGER, 1e300)
);

const settings = (closedPorts: readonly number[]) =>
  fc.record(
    {
      chainId: fc.oneof(fc.constant(1), fc.integer()),
      nodes: fc.array(
        fc.record(
          {
            name: fc.oneof(fc.constantFrom('main', 'backup', 'n'), fc.string({ maxLength: 12 })),
            url: url(closedPorts),
            reference: fc.boolean(),
            batchSize: fc.oneof(fc.constant(undefined), fc.integer({ min: -5, max: 2_000 }), fc.double()),
          },
          { requiredKeys: ['name', 'url'] }
        ),
        { maxLength: 3 }
      ),
      wallets: fc.array(
        fc.record({
          address,
          role: fc.oneof(fc.constantFrom(...WALLET_ROLES), fc.string({ maxLength: 10 })),
          name: fc.string({ maxLength: 10 }),
        }),
        { maxLength: 3 }
      ),
      assets: fc.array(
        fc.record(
          {
            symbol: fc.oneof(fc.constantFrom('WETH', 'USDC', 'ETH', 'WBTC'), fc.string({ maxLength: 8 })),
            address,
            feed: address,
            coingeckoId: fc.constantFrom('ethereum', 'usd-coin', ''),
            neutralUnits: anyNumber,
            targetUsd: anyNumber,
            stable: fc.boolean(),
          },
          { requiredKeys: ['symbol', 'address'] }
        ),
        { maxLength: 3 }
      ),
      venues: fc.record(
        {
          aave: fc.record({ pool: address, dataProvider: address }, { requiredKeys: ['pool'] }),
          limitOrderProtocol: address,
          comets: fc.array(fc.record({ name: fc.string({ maxLength: 8 }), market: address }), { maxLength: 2 }),
          hedge: fc.record({ name: fc.string({ maxLength: 8 }), url: url(closedPorts) }),
        },
        { requiredKeys: [] }
      ),
      endpoints: fc.record(
        {
          quoteLogUrl: url(closedPorts),
          rfqProbeUrl: url(closedPorts),
          coingeckoUrl: url(closedPorts),
          duneUrl: url(closedPorts),
          duneQueryId: fc.integer(),
        },
        { requiredKeys: [] }
      ),
      bandOverrides: fc.dictionary(
        fc.oneof(fc.constantFrom(...KPIS.map((k) => k.id)), fc.string({ maxLength: 8 })),
        fc.jsonValue({ maxDepth: 2 })
      ),
    },
    { requiredKeys: [] }
  );

/**
 * Settings validateSettings accepts (a maker wallet, assets with a feed, unique node names), so the
 * query reaches the engine and its sources (all down: closed ports).
 */
const validSettings = (closedPorts: readonly number[]) =>
  fc.record({
    nodes: fc
      .subarray(['main', 'backup'], { minLength: 1 })
      .chain((names) =>
        fc.tuple(
          ...names.map((name) =>
            fc.constantFrom(...closedPorts).map((port) => ({ name, url: `http://127.0.0.1:${port}` }))
          )
        )
      ),
    wallets: fc
      .tuple(hex40, fc.option(hex40))
      .map(([maker, treasury]) => [
        { address: maker, role: 'maker', name: 'maker' },
        ...(treasury ? [{ address: treasury, role: 'treasury' }] : []),
      ]),
    assets: fc.uniqueArray(
      fc.record({
        symbol: fc.constantFrom('WETH', 'WBTC', 'USDC', 'USDT'),
        address: hex40,
        feed: hex40,
        neutralUnits: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: undefined }),
        targetUsd: fc.option(fc.double({ min: 0, max: 1e9, noNaN: true }), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 3, selector: (a) => a.symbol }
    ),
    venues: fc.record(
      {
        aave: fc.record({ pool: hex40 }),
        limitOrderProtocol: hex40,
        comets: fc.array(fc.record({ name: fc.constantFrom('cUSDCv3'), market: hex40 }), { maxLength: 1 }),
        hedge: fc.record({ name: fc.constant('perps'), url: goodUrl(closedPorts) }),
      },
      { requiredKeys: [] }
    ),
    endpoints: fc.record(
      { quoteLogUrl: goodUrl(closedPorts), rfqProbeUrl: goodUrl(closedPorts), coingeckoUrl: goodUrl(closedPorts) },
      { requiredKeys: [] }
    ),
  });

/** jsonData bytes: valid settings, anything shaped like settings, a field of the wrong type, any JSON, or not JSON. */
export const jsonData = (closedPorts: readonly number[]) =>
  fc.oneof(
    { weight: 5, arbitrary: validSettings(closedPorts).map((s) => Buffer.from(JSON.stringify(s))) },
    { weight: 2, arbitrary: settings(closedPorts).map((s) => Buffer.from(JSON.stringify(s))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          validSettings(closedPorts),
          fc.constantFrom('nodes', 'wallets', 'assets', 'venues', 'endpoints', 'bandOverrides'),
          fc.jsonValue({ maxDepth: 2 })
        )
        .map(([s, key, value]) => Buffer.from(JSON.stringify({ ...s, [key]: value }))),
    },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? '')) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) }
  );

/** Mostly one of `valid`, sometimes anything. */
const mostly = <T>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 5, arbitrary: valid as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: other });

const queryJson = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record(
        {
          kpi: mostly(fc.constantFrom(...KPIS.map((k) => k.id), ''), fc.string({ maxLength: 12 })),
          mode: mostly(fc.constantFrom('instant', 'range'), fc.oneof(fc.string({ maxLength: 8 }), fc.integer())),
          area: mostly(fc.constantFrom(...AREAS), fc.string({ maxLength: 8 })),
          asset: mostly(fc.constantFrom('WETH', 'USDC'), fc.string({ maxLength: 8 })),
          venue: mostly(fc.constantFrom('aave', 'main'), fc.string({ maxLength: 8 })),
          statistic: mostly(fc.constantFrom('value', 'trend'), fc.jsonValue({ maxDepth: 1 })),
          hide: fc.boolean(),
          datasource: fc.jsonValue({ maxDepth: 2 }),
        },
        { requiredKeys: [] }
      )
      .map((q) => Buffer.from(JSON.stringify(q))),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? '')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) }
);

/** Around now, sometimes reversed, empty, in 1970, or absurd; Grafana's int64 milliseconds. */
const timeRange = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 90 * DAY_MS }), fc.integer({ min: -DAY_MS, max: 30 * DAY_MS }))
      .map(([back, span]) => {
        const toMs = 1_800_000_000_000 - back;
        return { fromMs: toMs - span, toMs };
      }),
  },
  { weight: 1, arbitrary: fc.record({ fromMs: fc.maxSafeInteger(), toMs: fc.maxSafeInteger() }) },
  { weight: 1, arbitrary: fc.record({ fromMs: fc.constantFrom(0, -1), toMs: fc.constantFrom(0, 1, 8.64e15) }) }
);

const query = fc
  .record({
    refId: fc.oneof(fc.constantFrom('A', 'B', 'C'), fc.string({ maxLength: 6 })),
    maxDataPoints: fc.oneof(fc.integer({ min: -5, max: 2_000 }), fc.constantFrom(0, 1, 1e6, 2 ** 31 - 1)),
    intervalMs: fc.oneof(fc.integer({ min: -5, max: 3_600_000 }), fc.constantFrom(0, 1, 2 ** 31 - 1)),
    range: timeRange,
    json: queryJson,
  })
  .map(({ range, ...rest }) => ({ ...rest, ...range }));

const secrets = fc.dictionary(
  fc.oneof(
    fc.constantFrom('nodeKey:main', 'nodeKey:backup', 'coingeckoKey', 'duneKey', 'hedgeKey'),
    fc.string({ maxLength: 10 })
  ),
  fc.string({ maxLength: 40 }),
  { maxKeys: 4 }
);

/** One request: one data source's settings and up to four queries (refIds unique, as Grafana sends). */
export const fuzzRequest = (closedPorts: readonly number[]): fc.Arbitrary<FuzzRequest> =>
  fc.record({
    jsonData: jsonData(closedPorts),
    secrets,
    queries: fc.uniqueArray(query, { minLength: 1, maxLength: 4, selector: (q) => q.refId }),
  });

/** A message is clear when it is not a JavaScript runtime error leaking through. */
export function isClearError(message: string): boolean {
  return (
    message.trim().length > 0 &&
    !/TypeError|ReferenceError|RangeError|SyntaxError: Unexpected|Cannot read propert|is not a function|is not iterable|\[object Object\]|undefined is not/.test(
      message
    )
  );
}
