/**
 * The annotation query (`queryType: 'annotations'`): the events of the range as one frame Grafana's
 * standard annotation mapping reads (time, timeEnd, title, text, tags split on commas), each text
 * linking to its transaction on the configured explorer. A kind whose source failed is a notice; the
 * query fails only when every kind did.
 */
import { EVENT_KINDS, type EventKind } from '../../../src/core/query';
import { PmmError } from '../../../src/core/errors';
import type { PmmSettings } from '../../../src/core/settings/types';
import { DEFAULT_MAX_DATA_POINTS } from '../../../src/core/time';
import { isCancelled, type PmmEvent } from '../../engine';
import type { DataQuery, DataResponse } from '../wire/backend';
import type { Frame, Notice } from '../wire/frame';
import type { Logger } from '../wire/log';
import type { PluginMetrics } from './collectMetrics';
import { errorResponse, errorSourceOf, messageOf, sourceOf } from './errors';
import type { DataSourceInstance } from './instances';

export const ANNOTATIONS = 'annotations';
const SOURCE = 'query';
const FIX = 'edit the annotation query in the dashboard settings';

export interface AnnotationQuery {
  kinds: EventKind[];
  wallet?: string;
  minFillUsd?: number;
}

function bodyOf(json: Buffer): Record<string, unknown> {
  if (json.length === 0) {
    return {};
  }
  try {
    const body: unknown = JSON.parse(json.toString('utf8'));
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Grafana sends queryType both beside the JSON and inside it; either routes the query here. */
export function isAnnotationQuery(query: DataQuery): boolean {
  return query.queryType === ANNOTATIONS || bodyOf(query.json).queryType === ANNOTATIONS;
}

export function parseAnnotationQuery(json: Buffer): AnnotationQuery {
  const body = bodyOf(json);
  const kinds = body.eventKinds ?? [...EVENT_KINDS];
  if (!Array.isArray(kinds) || kinds.some((k) => !EVENT_KINDS.includes(k as EventKind))) {
    throw new PmmError(SOURCE, `eventKinds must be a list of ${EVENT_KINDS.join(', ')}`, { fix: FIX });
  }
  const { wallet, minFillUsd } = body;
  if (wallet !== undefined && wallet !== null && typeof wallet !== 'string') {
    throw new PmmError(SOURCE, '"wallet" must be a wallet name or address', { fix: FIX });
  }
  if (minFillUsd !== undefined && minFillUsd !== null && (typeof minFillUsd !== 'number' || !(minFillUsd >= 0))) {
    throw new PmmError(SOURCE, '"minFillUsd" must be a number of USD, 0 or more', { fix: FIX });
  }
  return {
    kinds: kinds as EventKind[],
    wallet: wallet || undefined,
    minFillUsd: typeof minFillUsd === 'number' ? minFillUsd : undefined,
  };
}

/** The wallet's name as events carry it; an address is looked up among the configured wallets. */
export function walletNameOf(settings: PmmSettings, wallet: string): string {
  const found = settings.wallets.find((w) => w.address.toLowerCase() === wallet.toLowerCase() || w.name === wallet);
  if (found) {
    return found.name ?? found.role;
  }
  if (settings.wallets.some((w) => w.role === wallet)) {
    return wallet;
  }
  throw new PmmError(SOURCE, `wallet "${wallet}" is not configured in this data source`, {
    fix: `use one of: ${settings.wallets.map((w) => w.name ?? w.role).join(', ') || '(no wallet configured)'}`,
  });
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** `<explorer>/tx/<hash>`, or undefined without an explorer (or a transaction). */
export function txLink(explorerUrl: string | undefined, txHash: string | undefined): string | undefined {
  return explorerUrl && txHash ? `${explorerUrl.replace(/\/+$/, '')}/tx/${txHash}` : undefined;
}

/** Grafana renders an annotation's text as sanitised HTML: the link is an anchor, the rest escaped. */
function textOf(event: PmmEvent, link: string | undefined): string {
  const text = escapeHtml(event.text);
  return link
    ? `${text}<br/><a href="${escapeHtml(link)}" target="_blank" rel="noopener noreferrer">Open the transaction</a>`
    : text;
}

export function eventsFrame(
  refId: string,
  events: readonly PmmEvent[],
  explorerUrl: string | undefined,
  notices: Notice[]
): Frame {
  const links = events.map((e) => txLink(explorerUrl, e.txHash));
  return {
    name: 'events',
    refId,
    meta: { notices: notices.length > 0 ? notices : undefined },
    fields: [
      { name: 'time', type: 'time', values: events.map((e) => e.timeMs) },
      { name: 'timeEnd', type: 'time', values: events.map((e) => e.timeEndMs ?? e.timeMs) },
      { name: 'title', type: 'string', values: events.map((e) => e.title) },
      { name: 'text', type: 'string', values: events.map((e, i) => textOf(e, links[i])) },
      // Grafana splits a string tags field on commas; a tag never holds one.
      { name: 'tags', type: 'string', values: events.map((e) => e.tags.map((t) => t.replace(/,/g, ' ')).join(',')) },
      { name: 'kind', type: 'string', values: events.map((e) => e.kind) },
      { name: 'txHash', type: 'string', values: events.map((e) => e.txHash ?? null) },
      {
        name: 'link',
        type: 'string',
        values: links.map((l) => l ?? null),
        config: { links: [{ title: 'Open the transaction', url: '${__value.raw}', targetBlank: true }] },
      },
    ],
  };
}

export interface AnnotationDependencies {
  metrics: PluginMetrics;
  log: Logger;
}

export async function answerAnnotations(
  instance: DataSourceInstance,
  query: DataQuery,
  { metrics, log }: AnnotationDependencies,
  signal?: AbortSignal
): Promise<DataResponse> {
  const started = performance.now();
  try {
    const parsed = parseAnnotationQuery(query.json);
    const wallet = parsed.wallet === undefined ? undefined : walletNameOf(instance.settings, parsed.wallet);
    const answer = await instance.engine.events(
      {
        fromMs: query.timeRange.fromMs,
        toMs: query.timeRange.toMs,
        maxDataPoints: query.maxDataPoints > 0 ? Math.floor(query.maxDataPoints) : DEFAULT_MAX_DATA_POINTS,
        intervalMs: Math.max(0, query.intervalMs),
        kinds: parsed.kinds,
        minFillUsd: parsed.minFillUsd,
      },
      signal
    );
    if (answer.failures.length > 0 && answer.failures.length === new Set(parsed.kinds).size) {
      throw answer.failures[0].error;
    }
    const notices: Notice[] = answer.failures.map(({ kind, error }) => ({
      severity: 'warning',
      text: `${kind}: ${error.message}`,
    }));
    answer.failures.forEach(({ error }) => metrics.kpiErrors.inc({ source: sourceOf(error) }));
    const events = wallet === undefined ? answer.events : answer.events.filter((e) => e.wallets.includes(wallet));
    return { frames: [eventsFrame(query.refId, events, instance.settings.explorerUrl, notices)], status: 200 };
  } catch (error) {
    if (isCancelled(error)) {
      // The host gave up on the request: no failure, and the answer goes nowhere.
      log.debug('annotation query cancelled', { refId: query.refId, datasource: instance.uid });
      return errorResponse(error);
    }
    metrics.queryErrors.inc({ source: sourceOf(error), error_source: errorSourceOf(error) });
    log.warn('annotation query failed', { refId: query.refId, datasource: instance.uid, error: messageOf(error) });
    return errorResponse(error);
  } finally {
    const seconds = (performance.now() - started) / 1000;
    metrics.queries.inc({ mode: ANNOTATIONS });
    metrics.queryDuration.observe(seconds, { mode: ANNOTATIONS });
  }
}
