import React from 'react';
import { Combobox, InlineField, InlineFieldRow, RadioButtonGroup, Text } from '@grafana/ui';

import type { Area } from '../../../core/catalogue';
import type {
  AssetsAnswer,
  CatalogueAnswer,
  NodesAnswer,
  ResourceClient,
  VenuesAnswer,
  WalletsAnswer,
} from '../../resources/types';
import type { PmmQuery } from '../../types';
import {
  ALL,
  areaOptions,
  entryOptions,
  joinVenue,
  kpiOptions,
  pickersFor,
  splitVenue,
  walletName,
  withVariables,
} from './queryOptions';
import { useResource } from './useResource';

export interface QueryEditorViewProps {
  query: PmmQuery;
  onChange: (query: PmmQuery) => void;
  onRunQuery: () => void;
  resources: ResourceClient;
  /** The dashboard's template variables, as `$name`. */
  variables: readonly string[];
}

const LABEL = 10;
const modeOptions = [
  { label: 'Range', value: 'range' as const, description: 'A series over the dashboard range' },
  { label: 'Instant', value: 'instant' as const, description: 'One value for the whole range' },
];
const statisticOptions = [
  { label: 'Value', value: 'value' as const },
  { label: 'Trend per day', value: 'trend' as const, description: 'The slope the bands judge (alert rules use it)' },
];

/** Area, KPI and entry pickers fed by the backend's lists; an empty query asks for every KPI. */
export function QueryEditorView({ query, onChange, onRunQuery, resources, variables }: QueryEditorViewProps) {
  const catalogue = useResource<CatalogueAnswer>(resources, 'catalogue');
  const assets = useResource<AssetsAnswer>(resources, 'assets');
  const wallets = useResource<WalletsAnswer>(resources, 'wallets');
  const venues = useResource<VenuesAnswer>(resources, 'venues');
  const nodes = useResource<NodesAnswer>(resources, 'nodes');

  const kpis = catalogue.value?.kpis ?? [];
  const kpi = kpis.find((k) => k.id === query.kpi);
  const mode = query.mode ?? 'range';
  const pickers = pickersFor(kpi, mode);
  const { venue, wallet } = splitVenue(query.venue);

  const update = (patch: Partial<PmmQuery>) => {
    onChange({ ...query, ...patch });
    onRunQuery();
  };
  const pickKpi = (id: string) => {
    const next = kpis.find((k) => k.id === id);
    const keep = pickersFor(next, mode);
    // Clear what the new KPI cannot filter by, so the backend is not asked for an entry it lacks.
    update({
      kpi: id || undefined,
      asset: keep.asset ? query.asset : undefined,
      venue: keep.entry ? query.venue : undefined,
      statistic: keep.statistic ? query.statistic : undefined,
    });
  };
  const listError = [catalogue, assets, wallets, venues, nodes].find((list) => list.error)?.error;

  return (
    <>
      <InlineFieldRow>
        <InlineField label="Area" labelWidth={LABEL}>
          <Combobox
            id="pmm-area"
            width={20}
            options={withVariables(areaOptions(), variables)}
            value={query.area ?? ALL}
            onChange={(option) => update({ area: (option.value || undefined) as Area | undefined })}
          />
        </InlineField>
        <InlineField label="KPI" labelWidth={LABEL} tooltip="Leave on 'All KPIs' to get every KPI (of the area)">
          <Combobox
            id="pmm-kpi"
            width={40}
            loading={catalogue.loading}
            options={withVariables(kpiOptions(kpis, query.area), variables)}
            value={query.kpi ?? ALL}
            onChange={(option) => pickKpi(option.value)}
          />
        </InlineField>
        <InlineField label="Mode" labelWidth={LABEL}>
          <RadioButtonGroup
            options={modeOptions}
            value={mode}
            onChange={(next) => update({ mode: next, statistic: next === 'instant' ? query.statistic : undefined })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        {pickers.asset && (
          <InlineField label="Asset" labelWidth={LABEL} tooltip="Only this asset's entry of per-asset KPIs">
            <Combobox
              id="pmm-asset"
              width={20}
              loading={assets.loading}
              options={withVariables(
                [
                  { label: 'All assets', value: ALL },
                  ...(assets.value?.assets ?? []).map((a) => ({ label: a.symbol, value: a.symbol })),
                ],
                variables
              )}
              value={query.asset ?? ALL}
              onChange={(option) => update({ asset: option.value || undefined })}
            />
          </InlineField>
        )}
        {pickers.entry && (
          <InlineField label={pickers.entry === 'venue' ? 'Venue' : 'Node'} labelWidth={LABEL}>
            <Combobox
              id="pmm-venue"
              width={24}
              options={withVariables(
                entryOptions(pickers.entry, venues.value?.venues ?? [], nodes.value?.nodes ?? []),
                variables
              )}
              value={venue ?? ALL}
              onChange={(option) => update({ venue: joinVenue(option.value || undefined, wallet) })}
            />
          </InlineField>
        )}
        {pickers.entry === 'venue' && (
          <InlineField
            label="Wallet"
            labelWidth={LABEL}
            disabled={!venue}
            tooltip="The position of one wallet at the venue"
          >
            <Combobox
              id="pmm-wallet"
              width={24}
              options={withVariables(
                [
                  { label: 'All wallets', value: ALL },
                  ...(wallets.value?.wallets ?? []).map((w) => ({
                    label: walletName(w),
                    value: walletName(w),
                    description: w.role,
                  })),
                ],
                variables
              )}
              value={wallet ?? ALL}
              onChange={(option) => update({ venue: joinVenue(venue, option.value || undefined) })}
            />
          </InlineField>
        )}
        {pickers.statistic && (
          <InlineField label="Statistic" labelWidth={LABEL}>
            <RadioButtonGroup
              options={statisticOptions}
              value={query.statistic ?? 'value'}
              onChange={(statistic) => update({ statistic: statistic === 'value' ? undefined : statistic })}
            />
          </InlineField>
        )}
      </InlineFieldRow>
      {listError && (
        <Text color="warning" element="p">
          {`Could not read the data source's lists: ${listError}`}
        </Text>
      )}
    </>
  );
}
