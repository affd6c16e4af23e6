/**
 * A failure as Grafana wants it: an HTTP-like status and an error source, both read from the fault the
 * PmmError was given where it was made (src/core/errors.ts), never from its text.
 */
import { PmmError, type Fault } from '../../../src/core/errors';
import type { DataResponse, ErrorSource } from '../wire/backend';

/** Anything thrown that is not a PmmError is a bug of ours. */
export function faultOf(error: unknown): Fault {
  return error instanceof PmmError ? error.fault : 'plugin';
}

/** 400: the user must fix the query or the settings; 502: a source behind the plugin failed; 500: ours. */
const STATUS: Record<Fault, number> = { user: 400, downstream: 502, plugin: 500 };

/**
 * A user's mistake is "downstream" for Grafana: not the plugin's failure. grafana-plugin-sdk-go maps
 * 400 Bad Request to ErrorSourceDownstream (experimental/status SourceFromHTTPStatus, behind
 * backend.ErrorSourceFromHTTPStatus; "default bad request/400 to downstream error", PR #790): by the
 * time a plugin is released, a bad request is a bad query the user entered. Only our own failure
 * counts against the plugin.
 */
const ERROR_SOURCE: Record<Fault, ErrorSource> = { user: 'downstream', downstream: 'downstream', plugin: 'plugin' };

export function statusOf(error: unknown): number {
  return STATUS[faultOf(error)];
}

export function errorSourceOf(error: unknown): ErrorSource {
  return ERROR_SOURCE[faultOf(error)];
}

/** A PmmError's source without its detail ("rpc:alchemy" → "rpc"), as a metrics label; "plugin" for anything else. */
export function sourceOf(error: unknown): string {
  return error instanceof PmmError ? error.sourceId : 'plugin';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A query's answer when it failed as a whole: no frames, the error's text, its status and source. */
export function errorResponse(error: unknown): DataResponse {
  return { frames: [], error: messageOf(error), errorSource: errorSourceOf(error), status: statusOf(error) };
}
