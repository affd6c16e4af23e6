/**
 * The annotation query's handler over hand-made events (the sources are covered in
 * pkg/engine/events): routing, the frame Grafana's annotation mapping reads, the explorer link, the
 * wallet filter, and a failed kind as a notice rather than a failed query.
 */
import type { Hash } from 'viem';

import demoSettings from '../../demo/demo-settings.json';
import { PmmError } from '../../../src/core/errors';
import type { PmmSettings } from '../../../src/core/settings/types';
import type { EventsAnswer, EventsQuery } from '../../engine';
import type { DataQuery } from '../wire/backend';
import type { StringField } from '../wire/frame';
import { createLogger } from '../wire/log';
import { createRedactor } from '../wire/redactor';
import { answerAnnotations, isAnnotationQuery, parseAnnotationQuery } from './annotations';
import { createPluginMetrics } from './collectMetrics';
import type { DataSourceInstance } from './instances';

const TX = `0x${'ab'.repeat(32)}` as Hash;
const settings: PmmSettings = { ...(demoSettings as PmmSettings), explorerUrl: 'https://etherscan.io/' };

type ReadEvents = (query: EventsQuery) => Promise<EventsAnswer>;

/** An instance whose engine answers the events with `read`. */
function instanceWith(read: ReadEvents, overrides: Partial<PmmSettings> = {}): DataSourceInstance {
  return {
    uid: 'pmm',
    name: 'PMM',
    settings: { ...settings, ...overrides },
    secrets: { 'nodeKey:demo-anvil': 'very-secret-key' },
    engine: {
      client: {},
      query: () => Promise.reject(new Error('not used')),
      events: read,
    } as unknown as DataSourceInstance['engine'],
  };
}

function queryOf(json: Record<string, unknown>, queryType = ''): DataQuery {
  return {
    refId: 'Anno',
    maxDataPoints: 100,
    intervalMs: 60_000,
    timeRange: { fromMs: 1_000, toMs: 10_000 },
    json: Buffer.from(JSON.stringify(json)),
    queryType,
  };
}

const answer: EventsAnswer = {
  events: [
    {
      kind: 'rebalance',
      timeMs: 2_000,
      title: 'Rebalance: 25 WETH treasury → maker',
      text: 'moved <b>',
      tags: ['rebalance', 'WETH'],
      txHash: TX,
      wallets: ['treasury', 'maker'],
    },
    {
      kind: 'buffer-breach',
      timeMs: 3_000,
      timeEndMs: 5_000,
      title: 'Liquidation buffer warning: aave:treasury',
      text: 'fell',
      tags: ['buffer-breach', 'warning', 'aave:treasury'],
      wallets: ['treasury'],
    },
  ],
  failures: [],
};

/** The handler's dependencies, and instances whose engine answers the events with `read`. */
function deps(read: ReadEvents) {
  const lines: string[] = [];
  const log = createLogger({ redactor: createRedactor(), level: 'debug', write: (line) => lines.push(line) });
  const instance = (overrides: Partial<PmmSettings> = {}) => instanceWith(read, overrides);
  return { deps: { metrics: createPluginMetrics(), log }, lines, instance };
}

const field = (frame: { fields: Array<{ name: string }> }, name: string) =>
  frame.fields.find((f) => f.name === name) as StringField;

describe('annotation query', () => {
  it('is routed by queryType beside or inside the JSON; KPI queries are not', () => {
    expect(isAnnotationQuery(queryOf({}, 'annotations'))).toBe(true);
    expect(isAnnotationQuery(queryOf({ queryType: 'annotations' }))).toBe(true);
    expect(isAnnotationQuery(queryOf({ kpi: 'uptime' }))).toBe(false);
  });

  it('reads kinds, wallet and threshold, and names a wrong kind', () => {
    expect(parseAnnotationQuery(Buffer.from('{"eventKinds":["flash-loan"],"minFillUsd":5}'))).toEqual({
      kinds: ['flash-loan'],
      wallet: undefined,
      minFillUsd: 5,
    });
    expect(() => parseAnnotationQuery(Buffer.from('{"eventKinds":["liquidations"]}'))).toThrow(
      /eventKinds must be a list/
    );
  });

  it('answers one frame Grafana maps to events, the text linking to the explorer', async () => {
    let asked: EventsQuery | undefined;
    const { deps: d, instance } = deps(async (q) => ((asked = q), answer));
    const response = await answerAnnotations(
      instance(),
      queryOf({ queryType: 'annotations', eventKinds: ['rebalance', 'buffer-breach'] }),
      d
    );
    expect(asked).toMatchObject({ fromMs: 1_000, toMs: 10_000, kinds: ['rebalance', 'buffer-breach'] });
    expect(response.error).toBeUndefined();
    const [frame] = response.frames;
    expect(frame.fields.map((f) => f.name)).toEqual([
      'time',
      'timeEnd',
      'title',
      'text',
      'tags',
      'kind',
      'txHash',
      'link',
    ]);
    expect(frame.fields[0].values).toEqual([2_000, 3_000]);
    expect(frame.fields[1].values).toEqual([2_000, 5_000]);
    expect(field(frame, 'tags').values).toEqual(['rebalance,WETH', 'buffer-breach,warning,aave:treasury']);
    expect(field(frame, 'link').values).toEqual([`https://etherscan.io/tx/${TX}`, null]);
    // The event's own text is escaped; the link is the one anchor.
    expect(field(frame, 'text').values[0]).toBe(
      `moved &lt;b&gt;<br/><a href="https://etherscan.io/tx/${TX}" target="_blank" rel="noopener noreferrer">Open the transaction</a>`
    );
  });

  it('without an explorer there is no link', async () => {
    const { deps: d, instance } = deps(async () => answer);
    const response = await answerAnnotations(
      instance({ explorerUrl: undefined }),
      queryOf({ queryType: 'annotations' }),
      d
    );
    expect(field(response.frames[0], 'link').values).toEqual([null, null]);
    expect(field(response.frames[0], 'text').values[1]).toBe('fell');
  });

  it('a wallet keeps only its events, by name or address', async () => {
    const { deps: d, instance } = deps(async () => answer);
    const byName = await answerAnnotations(instance(), queryOf({ queryType: 'annotations', wallet: 'maker' }), d);
    expect(field(byName.frames[0], 'kind').values).toEqual(['rebalance']);
    const byAddress = await answerAnnotations(
      instance(),
      queryOf({ queryType: 'annotations', wallet: '0x90f79bf6eb2c4f870365e785982e1f101e93b906' }),
      d
    );
    expect(field(byAddress.frames[0], 'kind').values).toEqual(['rebalance', 'buffer-breach']);
    const unknown = await answerAnnotations(instance(), queryOf({ queryType: 'annotations', wallet: 'nobody' }), d);
    expect(unknown.error).toMatch(/wallet "nobody" is not configured/);
    // The user must fix the query: 400, and not the plugin's failure (see errors.ts).
    expect(unknown).toMatchObject({ frames: [], status: 400, errorSource: 'downstream' });
  });

  it('a failed kind is a notice; every kind failed is the query error', async () => {
    const failure = { kind: 'flash-loan' as const, error: new PmmError('aave-v3', 'no pool at 0x…') };
    const { deps: partly, instance } = deps(async () => ({ ...answer, failures: [failure] }));
    const some = await answerAnnotations(instance(), queryOf({ queryType: 'annotations' }), partly);
    expect(some.frames[0].meta?.notices).toEqual([
      { severity: 'warning', text: 'flash-loan: aave-v3: no pool at 0x…' },
    ]);

    const { deps: all, lines, instance: instanceAll } = deps(async () => ({ events: [], failures: [failure] }));
    const none = await answerAnnotations(
      instanceAll(),
      queryOf({ queryType: 'annotations', eventKinds: ['flash-loan'] }),
      all
    );
    expect(none).toMatchObject({
      frames: [],
      error: 'aave-v3: no pool at 0x…',
      errorSource: 'downstream',
      status: 502,
    });
    expect(lines.join('')).not.toContain('very-secret-key');
  });
});
