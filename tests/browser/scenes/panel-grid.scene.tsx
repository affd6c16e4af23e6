/**
 * The threshold panel as a dashboard's overview: every KPI of the demo world (instant and range
 * answers of the real backend), grouped by area in a grid; below it the same data as a list sorted
 * by severity.
 */
import React from 'react';

import { AREAS } from '../../../src/core/catalogue';
import { CARD_FIXED_HEIGHT } from '../../../src/panel/components/KpiCard';
import { LINE_HEIGHT } from '../../../src/panel/components/KpiLine';
import { ThresholdPanel } from '../../../src/panel/components/ThresholdPanel';
import type { ThresholdPanelOptions } from '../../../src/panel/types';
import type { SceneProps } from '../fixtures';
import { panelFrames, panelProps } from '../support/panelProps';
import { expectedEntries } from '../support/pickRows';

const GRID_WIDTH = 1560;
const LIST_WIDTH = 1000;
/** Six cards a row at this width (240 px at least, 8 px apart), each its fixed parts and a 40 px sparkline. */
const COLUMNS = 6;
const CARD_ROW = CARD_FIXED_HEIGHT + 40 + 8;
const AREA_HEADING = 24 + 8;
const SLACK = 24;

/** Tall enough to show every number without scrolling (the demo world answers 39 to 45 of them). */
function sizes(fixtures: SceneProps['fixtures']) {
  const entries = expectedEntries(fixtures);
  const gridHeight = AREAS.reduce((height, area) => {
    const count = entries.filter((entry) => entry.kpi.area === area).length;
    return count === 0 ? height : height + AREA_HEADING + Math.ceil(count / COLUMNS) * CARD_ROW;
  }, SLACK);
  return {
    grid: { width: GRID_WIDTH, height: gridHeight },
    list: { width: LIST_WIDTH, height: entries.length * (LINE_HEIGHT + 2) + SLACK },
  };
}

export default function Scene({ theme, fixtures }: SceneProps) {
  const series = panelFrames(fixtures, theme);
  const { grid: GRID_SIZE, list: LIST_SIZE } = sizes(fixtures);
  const grid: ThresholdPanelOptions = { layout: 'grid', sortBy: 'area' };
  const list: ThresholdPanelOptions = { layout: 'list', sortBy: 'severity' };
  return (
    <div style={{ padding: 16, display: 'flex', flexDirection: 'column', gap: 32 }}>
      <div data-testid="grid-panel" style={{ ...GRID_SIZE }}>
        <ThresholdPanel {...panelProps(fixtures, series, grid, GRID_SIZE)} />
      </div>
      <div data-testid="list-panel" style={{ ...LIST_SIZE }}>
        <ThresholdPanel {...panelProps(fixtures, series, list, LIST_SIZE)} />
      </div>
    </div>
  );
}
