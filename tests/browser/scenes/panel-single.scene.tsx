/**
 * The threshold panel holding one KPI at the smallest size it must read at (300 × 150): one panel per
 * state the demo world has (the first entry in each state, by the catalogue's judgement).
 */
import React from 'react';

import { STATES } from '../../../src/core/catalogue';
import { ThresholdPanel } from '../../../src/panel/components/ThresholdPanel';
import type { ThresholdPanelOptions } from '../../../src/panel/types';
import type { SceneProps } from '../fixtures';
import { panelFrames, panelProps } from '../support/panelProps';
import { expectedEntries, framesOfEntry } from '../support/pickRows';

const SINGLE_SIZE = { width: 300, height: 150 };

export default function Scene({ theme, fixtures }: SceneProps) {
  const entries = expectedEntries(fixtures);
  const picks = STATES.flatMap((state) => entries.find((entry) => entry.state === state) ?? []);
  const options: ThresholdPanelOptions = { layout: 'grid', sortBy: 'area' };
  return (
    <div style={{ padding: 16, display: 'flex', gap: 16 }} data-testid="singles">
      {picks.map((pick) => {
        const own = framesOfEntry(fixtures, pick.labels);
        const series = panelFrames(fixtures, theme, (frame) => own.includes(frame));
        return (
          <div
            key={`${pick.kpi.id}/${pick.entry}`}
            data-testid="single-panel"
            data-expect-state={pick.state}
            style={{ ...SINGLE_SIZE, overflow: 'hidden', position: 'relative' }}
          >
            <ThresholdPanel {...panelProps(fixtures, series, options, SINGLE_SIZE)} />
          </div>
        );
      })}
    </div>
  );
}
