/**
 * Keeps the data sources' secrets out of everything the plugin says: every secret the backend is
 * handed is registered here, and every log line and every string sent to Grafana (errors, notices,
 * health messages, resource bodies) passes through `scrub`. The engine already keeps keys out of its
 * errors; this is the last line, so a secret that slipped through a cause chain is still never shown.
 */

export const MASK = '***';

/** Shorter values (a "1", a "usd") would garble every message they occur in without protecting anything. */
const MIN_SECRET_LENGTH = 4;

export interface Redactor {
  add(secret: string): void;
  scrub(text: string): string;
}

/** The forms a secret takes in URLs, JSON strings and headers. */
function formsOf(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
  return forms.filter((form) => form.length >= MIN_SECRET_LENGTH);
}

export function createRedactor(): Redactor {
  const forms = new Set<string>();
  // Longest first, so a secret is masked whole before a shorter one inside it.
  let ordered: string[] = [];
  return {
    add(secret) {
      let added = false;
      for (const form of formsOf(secret)) {
        if (!forms.has(form)) {
          forms.add(form);
          added = true;
        }
      }
      if (added) {
        ordered = [...forms].sort((a, b) => b.length - a.length);
      }
    },
    scrub(text) {
      let scrubbed = text;
      for (const form of ordered) {
        if (scrubbed.includes(form)) {
          scrubbed = scrubbed.split(form).join(MASK);
        }
      }
      return scrubbed;
    },
  };
}
