import React from 'react';
import type { QueryEditorProps, SelectableValue } from '@grafana/data';
import { Combobox, type ComboboxOption, InlineField, RadioButtonGroup, Stack } from '@grafana/ui';

import { AREAS, KPIS } from '../../catalogue';
import type { DataSource } from '../datasource';
import type { PmmDataSourceOptions, PmmQuery } from '../types';

type Props = QueryEditorProps<DataSource, PmmQuery, PmmDataSourceOptions>;

const ALL = '';
const kpiOptions: Array<ComboboxOption<string>> = [
  { label: 'All KPIs', value: ALL },
  ...AREAS.flatMap((area) =>
    KPIS.filter((kpi) => kpi.area === area).map((kpi) => ({
      label: kpi.name,
      value: kpi.id,
      description: `${area} · target ${kpi.target}`,
    }))
  ),
];

const modeOptions: Array<SelectableValue<'instant' | 'range'>> = [
  { label: 'Range', value: 'range' },
  { label: 'Instant', value: 'instant' },
];

export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const update = (patch: Partial<PmmQuery>) => {
    onChange({ ...query, ...patch });
    onRunQuery();
  };
  return (
    <Stack gap={1}>
      <InlineField label="KPI" labelWidth={8} tooltip="Leave on 'All KPIs' to get every KPI of the catalogue">
        <Combobox
          id="pmm-kpi"
          width={40}
          options={kpiOptions}
          value={query.kpi ?? ALL}
          onChange={(option) => update({ kpi: option?.value || undefined })}
        />
      </InlineField>
      <InlineField label="Mode" labelWidth={8}>
        <RadioButtonGroup options={modeOptions} value={query.mode ?? 'range'} onChange={(mode) => update({ mode })} />
      </InlineField>
    </Stack>
  );
}
