/**
 * Hosted RPC and price APIs put keys in the query string (`?apiKey=`), in the userinfo
 * (`https://user:key@host`) and, for node providers such as Alchemy or Infura, as a path segment
 * (`/v2/<key>`). Anything shown to a user or written to a log goes through `redactUrl`, which keeps
 * what is needed to recognise the endpoint and nothing that could be a credential.
 */

/** A path segment long and mixed enough to be a key; `0x` hex (addresses, hashes) is public, so kept. */
const KEY_LIKE_SEGMENT = /^(?!0x[0-9a-fA-F]+$)(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}$/;

export const REDACTED = '***';

/** True when a path segment looks like an API key rather than a resource name. */
export function isKeyLikeSegment(segment: string): boolean {
  return KEY_LIKE_SEGMENT.test(segment);
}

/**
 * Scheme, host (with port) and path; userinfo, query and fragment dropped, key-like path segments
 * masked. An unparseable URL is not echoed back at all, since we cannot tell which part is secret.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(invalid URL)';
  }
  const path = parsed.pathname
    .split('/')
    .map((segment) => (isKeyLikeSegment(segment) ? REDACTED : segment))
    .join('/');
  return `${parsed.protocol}//${parsed.host}${path}`;
}
