/**
 * A panel as Grafana mounts it, for scenes: the fixtures' DataFrameJSON read with @grafana/data and
 * passed through applyFieldOverrides with the panel plugin's field-config registry and defaults (as
 * Grafana's panel query runner does before a panel sees them, its standard options registered first),
 * and the PanelProps Grafana hands a panel, with the request whose targets name the data source.
 */
import {
  applyFieldOverrides,
  createTheme,
  dataFrameFromJSON,
  dateTime,
  EventBusSrv,
  LoadingState,
  type DataFrame,
  type DataFrameJSON,
  type DataQueryError,
  type DataQueryRequest,
  type FieldConfigSource,
  type PanelProps,
  type TimeRange,
} from '@grafana/data';

import { plugin } from '../../../src/panel/module';
import type { BrowserFixtures, Theme } from '../fixtures';
import { registerStandardOptions } from './standardOptions';

/** The data source the fixtures' frames come from, as the demo provisions it. */
export const FIXTURE_DATASOURCE = { uid: 'pmm-demo', type: 'halo-pmm-datasource' };

const NO_FIELD_CONFIG: FieldConfigSource = { defaults: {}, overrides: [] };

export function timeRangeOf(fixtures: BrowserFixtures): TimeRange {
  const from = dateTime(fixtures.timeRange.fromMs);
  const to = dateTime(fixtures.timeRange.toMs);
  return { from, to, raw: { from, to } };
}

/** The panel's field config as Grafana saves it: the plugin's defaults under the panel's own. */
function withPluginDefaults(fieldConfig: FieldConfigSource): FieldConfigSource {
  return {
    defaults: { ...plugin.fieldConfigDefaults.defaults, ...fieldConfig.defaults },
    overrides: fieldConfig.overrides,
  };
}

export function framesOf(
  json: readonly DataFrameJSON[],
  theme: Theme,
  fieldConfig: FieldConfigSource = NO_FIELD_CONFIG
): DataFrame[] {
  registerStandardOptions();
  return applyFieldOverrides({
    data: json.map((frame) => dataFrameFromJSON(frame)),
    fieldConfig: withPluginDefaults(fieldConfig),
    fieldConfigRegistry: plugin.fieldConfigRegistry,
    replaceVariables: (value) => value,
    theme: createTheme({ colors: { mode: theme } }),
    timeZone: 'utc',
  });
}

/** Both answers of the fixtures (instant and range), optionally only the frames `keep` accepts. */
export function panelFrames(
  fixtures: BrowserFixtures,
  theme: Theme,
  keep: (frame: DataFrameJSON) => boolean = () => true,
  fieldConfig: FieldConfigSource = NO_FIELD_CONFIG
): DataFrame[] {
  const json = [...fixtures.instant.frames, ...fixtures.range.frames].filter(keep);
  return framesOf(json, theme, fieldConfig);
}

/** Grafana's request for the panel's two queries (A instant, B range), each naming its data source. */
function requestOf(timeRange: TimeRange): DataQueryRequest {
  return {
    requestId: 'scene',
    interval: '1m',
    intervalMs: 60_000,
    range: timeRange,
    scopedVars: {},
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
    targets: [
      { refId: 'A', datasource: FIXTURE_DATASOURCE },
      { refId: 'B', datasource: FIXTURE_DATASOURCE },
    ],
  };
}

export function panelProps<T>(
  fixtures: BrowserFixtures,
  series: DataFrame[],
  options: T,
  size: { width: number; height: number },
  extra: { fieldConfig?: FieldConfigSource; errors?: DataQueryError[] } = {}
): PanelProps<T> {
  const timeRange = timeRangeOf(fixtures);
  return {
    id: 1,
    title: 'PMM KPIs',
    data: {
      state: extra.errors ? LoadingState.Error : LoadingState.Done,
      series,
      timeRange,
      request: requestOf(timeRange),
      errors: extra.errors,
    },
    timeRange,
    timeZone: 'utc',
    options,
    fieldConfig: extra.fieldConfig ?? NO_FIELD_CONFIG,
    transparent: false,
    width: size.width,
    height: size.height,
    renderCounter: 0,
    eventBus: new EventBusSrv(),
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    replaceVariables: (value: string) => value,
    onChangeTimeRange: () => undefined,
  };
}
