import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

import type { State } from '../../core/catalogue';
import { STATE_COLOUR } from '../stateColours';

/** Text in the colour of each state (and secondary text for no data), from the theme. */
export function stateTextStyles(theme: GrafanaTheme2): Record<State | 'none', string> {
  const colour = (state: State) => css({ color: theme.visualization.getColorByName(STATE_COLOUR[state]) });
  return {
    ok: colour('ok'),
    warning: colour('warning'),
    critical: colour('critical'),
    none: css({ color: theme.colors.text.secondary }),
  };
}

/** A left edge in the colour of each state, so a card's state reads at a glance. */
export function stateEdgeStyles(theme: GrafanaTheme2): Record<State | 'none', string> {
  const edge = (colour: string) => css({ borderLeft: `3px solid ${colour}` });
  return {
    ok: edge(theme.visualization.getColorByName(STATE_COLOUR.ok)),
    warning: edge(theme.visualization.getColorByName(STATE_COLOUR.warning)),
    critical: edge(theme.visualization.getColorByName(STATE_COLOUR.critical)),
    none: edge(theme.colors.border.medium),
  };
}
