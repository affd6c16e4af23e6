import React from 'react';
import { Combobox, InlineField, InlineFieldRow, Input, MultiCombobox } from '@grafana/ui';

import type { ResourceClient, WalletsAnswer } from '../resources/types';
import { EVENT_KINDS, EVENT_KIND_LABELS, LARGE_FILL_USD, type EventKind, type PmmQuery } from '../types';
import { useResource } from '../components/query/useResource';
import { optionalNumber } from '../components/config/settingsEdit';

export interface AnnotationQueryEditorViewProps {
  query: PmmQuery;
  onChange: (query: PmmQuery) => void;
  resources: ResourceClient;
}

const kindOptions = EVENT_KINDS.map((kind) => ({ label: EVENT_KIND_LABELS[kind], value: kind }));

/** Which events to draw on the dashboard's panels: kinds, one wallet, and what counts as a large fill. */
export function AnnotationQueryEditorView({ query, onChange, resources }: AnnotationQueryEditorViewProps) {
  const wallets = useResource<WalletsAnswer>(resources, 'wallets');
  const kinds = query.eventKinds ?? [...EVENT_KINDS];
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Events" labelWidth={14} tooltip="Each links to its transaction on the explorer">
          <MultiCombobox
            id="pmm-event-kinds"
            width={100}
            options={kindOptions}
            value={kinds}
            onChange={(options) => onChange({ ...query, eventKinds: options.map((o) => o.value as EventKind) })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Wallet"
          labelWidth={14}
          tooltip="Only events of this wallet (settlements, rebalances, fills)"
        >
          <Combobox
            id="pmm-event-wallet"
            width={24}
            loading={wallets.loading}
            options={[
              { label: 'All wallets', value: '' },
              { label: '$wallet', value: '$wallet', description: 'template variable' },
              ...(wallets.value?.wallets ?? []).map((w) => ({
                label: w.name ?? w.role,
                value: w.name ?? w.role,
                description: w.role,
              })),
            ]}
            value={query.wallet ?? ''}
            onChange={(option) => onChange({ ...query, wallet: option.value || undefined })}
          />
        </InlineField>
        <InlineField label="Large fill from" tooltip="USD of base volume">
          <Input
            aria-label="Large fill from (USD)"
            type="number"
            width={16}
            placeholder={String(LARGE_FILL_USD)}
            value={query.minFillUsd ?? ''}
            disabled={!kinds.includes('large-fill')}
            onChange={(e) => onChange({ ...query, minFillUsd: optionalNumber(e.currentTarget.value) })}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}
