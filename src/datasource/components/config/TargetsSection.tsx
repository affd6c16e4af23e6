import React, { useState } from 'react';
import { Button, Combobox, InlineField, InlineFieldRow, Input, Text } from '@grafana/ui';

import { findKpi } from '../../../core/catalogue';
import { LABEL_WIDTH, type SectionProps } from './sectionProps';
import {
  currentEdgesText,
  overrideKeys,
  overridesOf,
  rowProblem,
  rowsOf,
  zonesOf,
  type OverrideRow,
} from './overridesEdit';
import { patchJson } from './settingsEdit';

/**
 * Per-KPI targets: a team moves a band's edges here, keeping the catalogue's states and plans. Each row
 * shows its own problem, saved overrides the catalogue rejects included, so it needs no `problems`.
 */
export function TargetsSection({ options, onOptionsChange }: Omit<SectionProps, 'problems'>) {
  // Rows are kept as typed ("97," is on its way to "97, 99"); only a fully valid set is saved.
  const [rows, setRows] = useState<OverrideRow[]>(() => rowsOf(options.jsonData.bandOverrides));
  const keys = overrideKeys((options.jsonData.assets ?? []).map((asset) => asset.symbol).filter((s) => s !== ''));

  const change = (next: OverrideRow[]) => {
    setRows(next);
    const overrides = overridesOf(next);
    if (overrides) {
      onOptionsChange(patchJson(options, { bandOverrides: overrides }));
    }
  };

  return (
    <>
      <Text color="secondary" element="p">
        Move a KPI&apos;s band edges for this data source (per asset where the KPI is per asset); the states and action
        plans stay the catalogue&apos;s.
      </Text>
      {rows.map((row, i) => {
        const problem = rowProblem(row, rows);
        const kpi = findKpi(row.key.split(':')[0]);
        return (
          <InlineFieldRow key={i} data-testid={`override-${i}`}>
            <InlineField label="KPI" labelWidth={LABEL_WIDTH}>
              <Combobox
                aria-label={`Override ${i + 1} KPI`}
                width={36}
                options={keys}
                value={row.key || null}
                onChange={(option) => change(rows.map((r, j) => (j === i ? { ...r, key: option.value } : r)))}
              />
            </InlineField>
            <InlineField label="Edges" tooltip={zonesOf(row.key)} invalid={Boolean(problem)} error={problem}>
              <Input
                aria-label={`Override ${i + 1} edges`}
                width={30}
                placeholder={kpi ? currentEdgesText(kpi) : '97, 99'}
                value={row.edgesText}
                onChange={(e) => change(rows.map((r, j) => (j === i ? { ...r, edgesText: e.currentTarget.value } : r)))}
              />
            </InlineField>
            <Button
              variant="secondary"
              fill="text"
              icon="trash-alt"
              aria-label={`Remove override ${i + 1}`}
              onClick={() => change(rows.filter((_, j) => j !== i))}
            />
          </InlineFieldRow>
        );
      })}
      <Button variant="secondary" icon="plus" onClick={() => setRows([...rows, { key: '', edgesText: '' }])}>
        Add target override
      </Button>
    </>
  );
}
