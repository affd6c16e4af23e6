import { isKeyLikeSegment } from './redact';

/** Headers whose values are protocol chatter, not credentials; masking them would only add noise. */
const PUBLIC_HEADERS = new Set(['accept', 'content-type', 'user-agent', 'accept-encoding']);

/** Shorter strings are values like `1` or `usd`: masking them would garble messages, not protect keys. */
const MIN_SECRET_LENGTH = 4;

/**
 * Every string of a request that could be a credential, raw and decoded, so that messages from
 * lower layers (undici, JSON.parse, a caller's `parse`) can be scrubbed before they reach a user.
 * Longest first, so a secret is masked whole before any shorter piece of it.
 */
export function secretsOf(url: string, headers: Readonly<Record<string, string>> = {}): string[] {
  const found = new Set<string>([url]);
  const add = (value: string): void => {
    found.add(value);
    try {
      found.add(decodeURIComponent(value));
    } catch {
      // Not percent-encoded: the raw value is already in the set.
    }
    found.add(encodeURIComponent(value));
  };

  try {
    const parsed = new URL(url);
    add(parsed.username);
    add(parsed.password);
    add(parsed.hash.slice(1));
    add(parsed.search.slice(1));
    for (const pair of parsed.search.slice(1).split('&')) {
      const [, value = ''] = pair.split('=');
      add(value);
    }
    parsed.pathname.split('/').filter(isKeyLikeSegment).forEach(add);
  } catch {
    // An invalid URL has no parts to find; the whole string is already in the set.
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!PUBLIC_HEADERS.has(name.toLowerCase())) {
      add(value);
      add(value.replace(/^(Bearer|Basic)\s+/i, ''));
    }
  }

  return [...found].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}
