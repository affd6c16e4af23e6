import { REDACTED } from './redact';

/** Causes nest (fetch failed → connect ECONNREFUSED …); a few levels carry all the diagnosis there is. */
const MAX_DEPTH = 4;

function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
}

/**
 * A copy of an error safe to keep as `cause`: lower layers quote what they were given (undici echoes
 * a URL with credentials, JSON.parse quotes the body, Node's URL error keeps its `input`), so the
 * original cannot be attached as is. The copy keeps name, scrubbed message and stack, `code`, and its
 * own scrubbed cause — enough to diagnose, nothing more.
 */
export function redactCause(cause: unknown, secrets: readonly string[], depth = 0): Error | undefined {
  if (cause === undefined || cause === null || depth >= MAX_DEPTH) {
    return undefined;
  }
  const original = cause instanceof Error ? cause : new Error(String(cause));
  const copy = new Error(scrub(original.message, secrets), {
    cause: redactCause(original.cause, secrets, depth + 1),
  });
  copy.name = original.name;
  copy.stack = original.stack === undefined ? undefined : scrub(original.stack, secrets);
  if ('code' in original && typeof original.code === 'string') {
    Object.assign(copy, { code: original.code });
  }
  return copy;
}
