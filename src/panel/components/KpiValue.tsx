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
export function KpiValue({ row, view, className }: { row: KpiRow; view: PanelView; className: string }) {
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
    <DataLinksContextMenu links={links}>
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
