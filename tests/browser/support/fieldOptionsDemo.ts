/**
 * The field options the singles scene sets on two panels, as a user would in Grafana's panel editor,
 * shared by the scene and its check: decimals, a data link, a display name and a thresholds override on
 * quoting uptime; a unit override on a per-token PnL. Plain objects (no @grafana/data), so the check,
 * in Node, reads the same values.
 */
import type { FieldConfigSource } from '@grafana/data';

export const DESK_RUNBOOK = { title: 'Desk runbook', url: 'https://wiki.example.com/pmm/uptime' };
export const DESK_NAME = 'Desk uptime';
/** Uptime's edges as the desk overrides them: critical < 90 ≤ warning < 95 ≤ ok. */
export const DESK_EDGES = [90, 95];
export const DESK_DECIMALS = 3;

export const UPTIME_OPTIONS: FieldConfigSource = {
  defaults: { decimals: DESK_DECIMALS, links: [DESK_RUNBOOK] },
  overrides: [
    {
      matcher: { id: 'byName', options: 'Quoting uptime' },
      properties: [
        { id: 'displayName', value: DESK_NAME },
        {
          id: 'thresholds',
          value: {
            mode: 'absolute',
            steps: [
              { value: -Infinity, color: 'red' },
              { value: DESK_EDGES[0], color: 'orange' },
              { value: DESK_EDGES[1], color: 'green' },
            ],
          },
        },
      ],
    },
  ],
};

/** A per-token PnL shown in euros: the unit override applies to the value and the band's labels. */
export const EURO_UNIT = 'currencyEUR';

export function euroOptions(displayName: string): FieldConfigSource {
  return {
    defaults: {},
    overrides: [{ matcher: { id: 'byName', options: displayName }, properties: [{ id: 'unit', value: EURO_UNIT }] }],
  };
}
