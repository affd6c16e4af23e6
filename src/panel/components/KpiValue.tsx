import React from 'react';
import { DataLinksContextMenu } from '@grafana/ui';

import { formatValue } from '../formatValue';
import type { KpiRow } from '../kpiRows';
import { withPlanContext, type PanelView } from '../panelView';

/**
 * The number as Grafana's display processor writes it (the panel's unit, decimals and value mappings),
 * opening the field's data links on click as Grafana's stat panel does: the data source's plan links
 * (given the panel's data source, range and entry) and any link the panel's options add.
 */
export function KpiValue({
  row,
  view,
  className,
  align = 'left',
}: {
  row: KpiRow;
  view: PanelView;
  className: string;
  align?: 'left' | 'right';
}) {
  const text = formatValue(row.value, row.config, row.display);
  const links = () => (row.getLinks?.({ valueRowIndex: 0 }) ?? []).map((link) => withPlanContext(link, row, view));
  if (!row.getLinks || (row.config.links ?? []).length === 0) {
    return (
      <span className={className} data-testid="kpi-value">
        {text}
      </span>
    );
  }
  return (
    // A single link wraps the value in an anchor: it must neither shrink (clipping the number) nor move it.
    <DataLinksContextMenu
      links={links}
      style={{ flexShrink: 0, justifyContent: align === 'right' ? 'flex-end' : 'flex-start' }}
    >
      {(api) => (
        <span
          className={className}
          data-testid="kpi-value"
          data-links="true"
          onClick={api.openMenu}
          style={api.openMenu ? { cursor: 'context-menu' } : undefined}
        >
          {text}
        </span>
      )}
    </DataLinksContextMenu>
  );
}
