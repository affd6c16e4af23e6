/**
 * The threshold panel holding one KPI at the smallest size it must read at (300 × 150): one panel per
 * state the demo world has, the ok value deepest inside its zone, the value farthest beyond its band,
 * a KPI without a value, one whose source failed, and a query that failed (singlePicks, by the
 * catalogue's judgement). Below: two panels with Grafana's standard field options set (decimals, a data
 * link, a display name and a thresholds override; a unit override), and a stage with room for the
 * tooltip of the far-outside panel.
 */
import React from 'react';

import { ThresholdPanel } from '../../../src/panel/components/ThresholdPanel';
import type { ThresholdPanelOptions } from '../../../src/panel/types';
import type { SceneProps } from '../fixtures';
import { euroOptions, UPTIME_OPTIONS } from '../support/fieldOptionsDemo';
import { framesOf, panelFrames, panelProps } from '../support/panelProps';
import {
  erroredFrames,
  expectedEntries,
  framesOfEntry,
  QUERY_ERROR,
  singlePicks,
  type ExpectedEntry,
} from '../support/pickRows';

const SINGLE_SIZE = { width: 300, height: 150 };
const OPTIONS: ThresholdPanelOptions = { layout: 'grid', sortBy: 'area' };

function Single({ testId, children, expect }: { testId: string; children: React.ReactNode; expect?: string }) {
  return (
    <div
      data-testid={testId}
      data-expect={expect}
      style={{ ...SINGLE_SIZE, overflow: 'hidden', position: 'relative', flexShrink: 0 }}
    >
      {children}
    </div>
  );
}

export default function Scene({ theme, fixtures }: SceneProps) {
  const ownFrames = (entry: ExpectedEntry) => {
    const own = framesOfEntry(fixtures, entry.labels);
    return (frame: Parameters<typeof own.includes>[0]) => own.includes(frame);
  };
  const picks = singlePicks(fixtures);
  const errored = erroredFrames(fixtures);
  const entries = expectedEntries(fixtures);
  const uptime = entries.find((entry) => entry.kpi.id === 'uptime');
  const tokenPnl = entries.find((entry) => entry.kpi.id === 'token_pnl' && entry.value !== null);
  const outside = picks.find((pick) => pick.role === 'far outside');
  return (
    <div style={{ padding: 16, display: 'flex', flexDirection: 'column', gap: 24 }}>
      <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', width: 4 * 300 + 3 * 16 }} data-testid="singles">
        {picks.map((pick) => (
          <Single key={pick.role} testId="single-panel" expect={pick.role}>
            <ThresholdPanel
              {...panelProps(fixtures, panelFrames(fixtures, theme, ownFrames(pick.entry)), OPTIONS, SINGLE_SIZE)}
            />
          </Single>
        ))}
        <Single testId="error-panel">
          <ThresholdPanel {...panelProps(fixtures, framesOf(errored.frames, theme), OPTIONS, SINGLE_SIZE)} />
        </Single>
        <Single testId="failed-panel">
          <ThresholdPanel
            {...panelProps(fixtures, [], OPTIONS, SINGLE_SIZE, { errors: [{ message: QUERY_ERROR, refId: 'A' }] })}
          />
        </Single>
      </div>
      <div style={{ display: 'flex', gap: 16 }} data-testid="options">
        {uptime && (
          <Single testId="options-uptime">
            <ThresholdPanel
              {...panelProps(
                fixtures,
                panelFrames(fixtures, theme, ownFrames(uptime), UPTIME_OPTIONS),
                OPTIONS,
                SINGLE_SIZE,
                { fieldConfig: UPTIME_OPTIONS }
              )}
            />
          </Single>
        )}
        {tokenPnl && (
          <Single testId="options-unit" expect={`${tokenPnl.kpi.id}/${tokenPnl.entry}`}>
            <ThresholdPanel
              {...panelProps(
                fixtures,
                panelFrames(
                  fixtures,
                  theme,
                  ownFrames(tokenPnl),
                  euroOptions(`${tokenPnl.kpi.name} (${tokenPnl.entry})`)
                ),
                OPTIONS,
                SINGLE_SIZE
              )}
            />
          </Single>
        )}
      </div>
      {outside && (
        <div data-testid="tooltip-stage" style={{ width: 640, height: 640, position: 'relative' }}>
          <Single testId="tooltip-panel">
            <ThresholdPanel
              {...panelProps(fixtures, panelFrames(fixtures, theme, ownFrames(outside.entry)), OPTIONS, SINGLE_SIZE)}
            />
          </Single>
        </div>
      )}
    </div>
  );
}
