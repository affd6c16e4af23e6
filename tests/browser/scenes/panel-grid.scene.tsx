/**
 * The threshold panel as a dashboard's overview: every KPI of the demo world (instant and range
 * answers of the real backend), grouped by area in a grid; below it the same data as a list sorted
 * by severity.
 */
import React from 'react';

import { ThresholdPanel } from '../../../src/panel/components/ThresholdPanel';
import type { ThresholdPanelOptions } from '../../../src/panel/types';
import type { SceneProps } from '../fixtures';
import { panelFrames, panelProps } from '../support/panelProps';

const GRID_SIZE = { width: 1560, height: 1480 };
const LIST_SIZE = { width: 1000, height: 1560 };

export default function Scene({ theme, fixtures }: SceneProps) {
  const series = panelFrames(fixtures, theme);
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
