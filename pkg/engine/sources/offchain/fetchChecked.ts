import { fetchJson, HttpSourceError, type FetchJsonDependencies, type FetchJsonParameters } from '../http';
import { REDACTED } from '../http/redact';
import { secretsOf } from '../http/secretsOf';
import { ShapeError } from './shape';

export type FetchCheckedParameters<T> = FetchJsonParameters & {
  /** Reads the answer with the readers of shape.ts, throwing a ShapeError at the first wrong field. */
  parse: (json: unknown) => T;
  /** What to do when the answer has the wrong shape, e.g. which document the endpoint must follow. */
  shapeFix: string;
  /**
   * The URL as the settings give it, before the source added its own query parameters (default: `url`).
   * Its parts and the non-protocol headers are what messages must never show.
   */
  configuredUrl?: string;
};

/** Masks every credential of a request (URL parts, header values) in a text shown to users. */
export function scrubberFor(
  configuredUrl: string,
  headers?: Readonly<Record<string, string>>
): (text: string) => string {
  const secrets = secretsOf(configuredUrl, headers);
  return (text) => secrets.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
}

/**
 * fetchJson, with a malformed answer reported by the field that is wrong: "quote-log: unexpected
 * answer from …: rfqs[3].price is a string ("3012.4"), expected a number or null (…fix…)".
 *
 * fetchJson keeps a parse failure only as its cause, scrubbed of every query value of the URL; that
 * also masks the values this source put there itself (`ids=ethereum`, `limit=1000`) and would
 * garble the message ("***.usd is a string"). So the reader's own message is used, scrubbed of the
 * configured URL's parts and the headers, which is where credentials come from.
 */
export async function fetchChecked<T>(
  { shapeFix, configuredUrl, parse, ...request }: FetchCheckedParameters<T>,
  deps?: FetchJsonDependencies
): Promise<T> {
  let shapeError: ShapeError | undefined;
  const checkedParse = (json: unknown): T => {
    try {
      return parse(json);
    } catch (error) {
      if (error instanceof ShapeError) {
        shapeError = error;
      }
      throw error;
    }
  };
  try {
    return await fetchJson({ ...request, parse: checkedParse }, deps);
  } catch (error) {
    if (error instanceof HttpSourceError && error.reason === 'shape') {
      const scrub = scrubberFor(configuredUrl ?? request.url, request.headers);
      const detail = shapeError
        ? scrub(shapeError.message)
        : error.cause instanceof Error
          ? error.cause.message
          : 'unexpected response shape';
      throw new HttpSourceError({
        source: error.source,
        reason: 'shape',
        url: error.url,
        status: error.status,
        attempts: error.attempts,
        message: `unexpected answer from ${error.url}: ${detail}`,
        fix: shapeFix,
        cause: error.cause instanceof Error ? error.cause : undefined,
      });
    }
    throw error;
  }
}
