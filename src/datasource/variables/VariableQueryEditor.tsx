import React from 'react';
import { Combobox, InlineField, InlineFieldRow } from '@grafana/ui';

import { AREAS, type Area } from '../../core/catalogue';
import { VARIABLE_LISTS, type PmmVariableQuery, type VariableList } from '../types';

const LIST_LABELS: Record<VariableList, string> = {
  kpis: 'KPIs',
  assets: 'Assets',
  wallets: 'Wallets',
  venues: 'Venues',
};

export interface VariableQueryEditorProps {
  query: PmmVariableQuery;
  onChange: (query: PmmVariableQuery) => void;
}

/** Which list the variable holds: $kpi, $asset, $wallet or $venue. */
export function VariableQueryEditor({ query, onChange }: VariableQueryEditorProps) {
  const list = query.list ?? 'assets';
  return (
    <InlineFieldRow>
      <InlineField label="List" labelWidth={12}>
        <Combobox
          id="pmm-variable-list"
          width={20}
          options={VARIABLE_LISTS.map((value) => ({ label: LIST_LABELS[value], value }))}
          value={list}
          onChange={(option) =>
            onChange({ ...query, list: option.value, area: option.value === 'kpis' ? query.area : undefined })
          }
        />
      </InlineField>
      {list === 'kpis' && (
        <InlineField label="Area" labelWidth={8}>
          <Combobox
            id="pmm-variable-area"
            width={20}
            options={[{ label: 'All areas', value: '' }, ...AREAS.map((area) => ({ label: area, value: area }))]}
            value={query.area ?? ''}
            onChange={(option) => onChange({ ...query, area: (option.value || undefined) as Area | undefined })}
          />
        </InlineField>
      )}
    </InlineFieldRow>
  );
}
