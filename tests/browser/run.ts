/**
 * `npm run test:browser [-- <scene name filter>…]`: renders every scene (tests/browser/scenes/*.scene.tsx)
 * with the real @grafana/ui and @grafana/data in Debian's headless chromium, light and dark, and runs
 * the check of the same name (tests/browser/checks/<name>.check.ts) on each. The scenes are fed the
 * frames the real backend answers on a 3-day demo world. Screenshots go to src/img/screenshots/. Exits
 * non-zero when any check fails, a page logs an error, or a check is missing.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import type { BrowserFixtures, CheckContext, Theme } from './fixtures';
import { produceFixtures } from './harness/backendFixtures';
import { chromiumMissing, launchChromium, openWatched } from './harness/browser';
import { bundleScenes, writeFixtures, type BundledScene } from './harness/bundle';
import { serveStatic } from './harness/server';
import { themeColour } from './harness/themeColour';

const ROOT = path.resolve(__dirname, '..', '..');
const SCENES = path.join(__dirname, 'scenes');
const CHECKS = path.join(__dirname, 'checks');
const SCREENSHOTS = path.join(ROOT, 'src', 'img', 'screenshots');
const ICONS = path.join(ROOT, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img');
const THEMES: Theme[] = ['light', 'dark'];
/** Pages checked at once: enough to overlap the waits, few enough for a small CI machine. */
const PARALLEL = 2;

type Check = (page: Page, ctx: CheckContext) => Promise<void>;

const say = (line: string) => process.stdout.write(`browser: ${line}\n`);

function scenesOf(filters: string[]): Array<{ name: string; file: string }> {
  return readdirSync(SCENES)
    .filter((file) => file.endsWith('.scene.tsx'))
    .map((file) => ({ name: file.slice(0, -'.scene.tsx'.length), file: path.join(SCENES, file) }))
    .filter(({ name }) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function loadCheck(name: string): Promise<Check> {
  const file = path.join(CHECKS, `${name}.check.ts`);
  if (!existsSync(file)) {
    throw new Error(`no check for scene "${name}": write tests/browser/checks/${name}.check.ts`);
  }
  const module = (await import(file)) as { check?: Check };
  if (typeof module.check !== 'function') {
    throw new Error(`${path.relative(ROOT, file)} does not export an async function check(page, ctx)`);
  }
  return module.check;
}

async function runOne(
  browser: Browser,
  baseUrl: string,
  scene: BundledScene,
  theme: Theme,
  fixtures: BrowserFixtures
): Promise<{ ok: boolean; line: string }> {
  const started = Date.now();
  const label = `${scene.name} [${theme}]`;
  let watched: Awaited<ReturnType<typeof openWatched>> | undefined;
  try {
    const check = await loadCheck(scene.name);
    watched = await openWatched(browser, `${baseUrl}/${scene.page}?theme=${theme}`);
    const loadedMs = Date.now() - started;
    const { page } = watched;
    const ctx: CheckContext = {
      theme,
      fixtures,
      themeColour: (name) => themeColour(page, name),
      async screenshot(name, selector) {
        const file = path.join(SCREENSHOTS, `${name}-${theme}.png`);
        if (selector) {
          await page.locator(selector).screenshot({ path: file, animations: 'disabled' });
        } else {
          await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
        }
      },
    };
    await check(page, ctx);
    if (watched.problems.length > 0) {
      throw new Error(`the page reported:\n  ${watched.problems.join('\n  ')}`);
    }
    return { ok: true, line: `PASS ${label} (${loadedMs} ms to render, ${Date.now() - started} ms in all)` };
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const extra =
      watched && watched.problems.length > 0 ? `\n  page problems:\n  ${watched.problems.join('\n  ')}` : '';
    return { ok: false, line: `FAIL ${label}: ${message}${extra}` };
  } finally {
    await watched?.page.context().close();
  }
}

/** Runs tasks with at most `limit` in flight, keeping their order in the results. */
async function pooled<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

async function main(): Promise<number> {
  const started = Date.now();
  const missing = chromiumMissing();
  if (missing) {
    say(missing);
    return 1;
  }
  const scenes = scenesOf(process.argv.slice(2));
  if (scenes.length === 0) {
    say(`no scene matches in ${path.relative(ROOT, SCENES)}`);
    return 1;
  }
  const work = mkdtempSync(path.join(tmpdir(), 'pmm-browser-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  try {
    // The demo world and the bundles do not depend on each other: build them side by side.
    const [fixtures, bundled] = await Promise.all([produceFixtures(say), bundleScenes(scenes, work)]);
    writeFixtures(JSON.stringify(fixtures), work);
    say(`bundled ${bundled.length} scenes (${((Date.now() - started) / 1000).toFixed(1)} s so far)`);
    const server = await serveStatic(work, ICONS);
    const browser = await launchChromium();
    try {
      const tasks = bundled.flatMap((scene) =>
        THEMES.map((theme) => () => runOne(browser, server.url, scene, theme, fixtures))
      );
      const results = await pooled(tasks, PARALLEL);
      results.forEach((result) => process.stdout.write(`${result.line}\n`));
      const failed = results.filter((result) => !result.ok).length;
      say(
        `${results.length - failed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
          `screenshots in ${path.relative(ROOT, SCREENSHOTS)}/`
      );
      return failed === 0 ? 0 : 1;
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    say(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  }
);
