/**
 * A panel as Grafana mounts it, for scenes: the fixtures' DataFrameJSON read with @grafana/data and
 * passed through applyFieldOverrides (as Grafana's panel query runner does before a panel sees them),
 * and the PanelProps Grafana hands a panel.
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
  type PanelProps,
  type TimeRange,
} from '@grafana/data';

import type { BrowserFixtures, Theme } from '../fixtures';

export function timeRangeOf(fixtures: BrowserFixtures): TimeRange {
  const from = dateTime(fixtures.timeRange.fromMs);
  const to = dateTime(fixtures.timeRange.toMs);
  return { from, to, raw: { from, to } };
}

export function framesOf(json: readonly DataFrameJSON[], theme: Theme): DataFrame[] {
  return applyFieldOverrides({
    data: json.map((frame) => dataFrameFromJSON(frame)),
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: (value) => value,
    theme: createTheme({ colors: { mode: theme } }),
    timeZone: 'utc',
  });
}

/** Both answers of the fixtures (instant and range), optionally only the frames `keep` accepts. */
export function panelFrames(
  fixtures: BrowserFixtures,
  theme: Theme,
  keep: (frame: DataFrameJSON) => boolean = () => true
): DataFrame[] {
  const json = [...fixtures.instant.frames, ...fixtures.range.frames].filter(keep);
  return framesOf(json, theme);
}

export function panelProps<T>(
  fixtures: BrowserFixtures,
  series: DataFrame[],
  options: T,
  size: { width: number; height: number }
): PanelProps<T> {
  const timeRange = timeRangeOf(fixtures);
  return {
    id: 1,
    title: 'PMM KPIs',
    data: { state: LoadingState.Done, series, timeRange },
    timeRange,
    timeZone: 'utc',
    options,
    fieldConfig: { defaults: {}, overrides: [] },
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
