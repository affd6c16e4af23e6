/**
 * What every browser scene and check is fed: produced by run.ts from the real backend on a small demo
 * world before bundling, injected into each page as `window.__FIXTURES__`, and handed to each check.
 * Browser-safe (types and plain JSON only), since scenes import it.
 */
import type { DataFrameJSON } from '@grafana/data';

import type { ActionPlan, KpiDefinition } from '../../src/core/catalogue';
import type { PmmSettings } from '../../src/core/settings/types';

/** One QueryData answer, as Grafana's frontend receives it over HTTP (Go's data.FrameToJSON shape). */
export interface QueryFixture {
  /** The query JSON sent to the backend (a PmmQuery). */
  query: Record<string, unknown>;
  frames: DataFrameJSON[];
  /** The query's error, when the backend returned one. */
  error?: string;
}

export interface BrowserFixtures {
  /** Every KPI as one value for the whole range (instant mode, all KPIs). */
  instant: QueryFixture;
  /** Every KPI as a series over the range (range mode, all KPIs). */
  range: QueryFixture;
  /** The range both queries asked for, in Unix milliseconds. */
  timeRange: { fromMs: number; toMs: number };
  /** The KPI catalogue and plans as the backend's `catalogue` resource serves them. */
  catalogue: { kpis: readonly KpiDefinition[]; plans: readonly ActionPlan[] };
  /** The demo world's data source settings (jsonData), as provisioning would write them. */
  settings: PmmSettings;
  /** The backend's GET resources (catalogue, assets, wallets, venues): path → JSON body. */
  resources: Record<string, unknown>;
  /** CheckHealth on the demo settings: status ("OK" | "ERROR"), message and per-source details. */
  health: { status: string; message: string; details: unknown };
}

export type Theme = 'light' | 'dark';

export interface SceneProps {
  theme: Theme;
  fixtures: BrowserFixtures;
}

/** The context run.ts hands to every check. */
export interface CheckContext {
  theme: Theme;
  /** Writes src/img/screenshots/<name>-<theme>.png of the whole page (or of `selector` when given). */
  screenshot(name: string, selector?: string): Promise<void>;
  fixtures: BrowserFixtures;
  /**
   * A Grafana colour (a name such as 'orange' or 'green', or any CSS colour) as the page's theme
   * resolves it, in the `rgb(…)` form getComputedStyle returns, so it compares exactly.
   */
  themeColour(name: string): Promise<string>;
}
