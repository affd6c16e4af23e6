/**
 * A static server on 127.0.0.1 (any free port) for the bundled pages, plus what Grafana's server would
 * serve beside them: @grafana/ui's icons where its Icon component fetches them (`/public/build/img/…`)
 * and the web fonts GlobalStyles asks for (`/public/fonts/…`). Grafana's Inter files ship with Grafana,
 * not with any package, so a local sans (or mono) font stands in; with none, an empty answer lets the
 * browser fall back without logging a failed request.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};
const ICONS_PREFIX = '/public/build/img/';
const FONTS_PREFIX = '/public/fonts/';
const SANS = ['liberation/LiberationSans-Regular.ttf', 'dejavu/DejaVuSans.ttf'];
const MONO = ['liberation/LiberationMono-Regular.ttf', 'dejavu/DejaVuSansMono.ttf'];

/**
 * Icons Grafana's server ships itself, not @grafana/ui's package (LoadingPlaceholder's spinner):
 * a plain stand-in, so a loading state does not count as a failed request.
 */
const STAND_IN_ICONS: Record<string, string> = {
  '/unicons/spinner.svg':
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2a10 10 0 1 0 10 10h-2a8 8 0 1 1-8-8z"/></svg>',
};

function standInFont(urlPath: string): string | undefined {
  const candidates = urlPath.includes('/roboto/') ? MONO : SANS;
  return candidates.map((file) => path.join('/usr/share/fonts/truetype', file)).find((file) => existsSync(file));
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** The file a URL path names under `root`, or undefined when it would leave root. */
function inside(root: string, urlPath: string): string | undefined {
  const file = path.resolve(root, `.${decodeURIComponent(urlPath)}`);
  return file.startsWith(root + path.sep) ? file : undefined;
}

export async function serveStatic(pagesDir: string, iconsDir: string): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const urlPath = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (urlPath.startsWith(FONTS_PREFIX)) {
      const font = standInFont(urlPath);
      if (!font) {
        response.writeHead(204).end();
        return;
      }
      readFile(font).then(
        (body) => response.writeHead(200, { 'content-type': 'font/ttf' }).end(body),
        () => response.writeHead(204).end()
      );
      return;
    }
    const icon =
      urlPath.startsWith(`${ICONS_PREFIX}icons`) && STAND_IN_ICONS[urlPath.slice(`${ICONS_PREFIX}icons`.length)];
    if (icon) {
      response.writeHead(200, { 'content-type': TYPES['.svg'] }).end(icon);
      return;
    }
    const file = urlPath.startsWith(ICONS_PREFIX)
      ? inside(iconsDir, urlPath.slice(ICONS_PREFIX.length - 1))
      : inside(pagesDir, urlPath);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) =>
        response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end()
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
