/**
 * Building request URLs from the URLs in the data source settings. A URL that does not parse is
 * returned unchanged: fetchJson then reports it as invalid without echoing it (it may hold a key),
 * where `new URL` here would throw a TypeError quoting it.
 */

export type QueryValues = Readonly<Record<string, string | number | undefined>>;

/** The URL with these query parameters set (parameters already in the URL are kept). */
export function withQuery(url: string, query: QueryValues): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) {
      parsed.searchParams.set(name, String(value));
    }
  }
  return parsed.href;
}

/**
 * `base` + `root` + `path`: the settings may give an API's base URL with or without its root
 * (`https://api.coingecko.com` or `https://api.coingecko.com/api/v3`), and both work.
 */
export function apiUrl(base: string, root: string, path: string, query: QueryValues = {}): string {
  let parsed: URL;
  try {
    parsed = new URL(base);
  } catch {
    return base;
  }
  const trimmed = parsed.pathname.replace(/\/+$/, '');
  const prefix = root && trimmed.endsWith(root) ? trimmed.slice(0, -root.length) : trimmed;
  parsed.pathname = `${prefix}${root}${path}`;
  return withQuery(parsed.href, query);
}

/** The host name of a URL, or undefined when it does not parse. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
