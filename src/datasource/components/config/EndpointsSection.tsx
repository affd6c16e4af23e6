import React from 'react';
import { ConfigSubSection } from '@grafana/plugin-ui';
import { InlineField, InlineFieldRow, Input, SecretInput, Stack } from '@grafana/ui';

import { DEFAULT_MAX_FEED_DEVIATION_PCT, type EndpointSettings } from '../../../core/settings/types';
import { LABEL_WIDTH, type SectionProps } from './sectionProps';
import {
  isSecretConfigured,
  optionalNumber,
  optionalText,
  patchJson,
  problemAt,
  withSecret,
  withSecretReset,
} from './settingsEdit';

type UrlKey = 'quoteLogUrl' | 'rfqProbeUrl' | 'coingeckoUrl' | 'duneUrl';

/** The market maker's own endpoints, the price and volume services with their keys, and the explorer. */
export function EndpointsSection({ options, onOptionsChange, problems }: SectionProps) {
  const endpoints = options.jsonData.endpoints ?? {};
  const setEndpoints = (patch: Partial<EndpointSettings>) =>
    onOptionsChange(patchJson(options, { endpoints: { ...endpoints, ...patch } }));

  const urlField = (key: UrlKey, label: string, tooltip: string, placeholder: string) => (
    <InlineField
      label={label}
      labelWidth={LABEL_WIDTH}
      tooltip={tooltip}
      invalid={Boolean(problemAt(problems, `endpoints.${key}`))}
      error={problemAt(problems, `endpoints.${key}`)}
    >
      <Input
        aria-label={label}
        width={50}
        placeholder={placeholder}
        value={endpoints[key] ?? ''}
        onChange={(e) => setEndpoints({ [key]: optionalText(e.currentTarget.value) })}
      />
    </InlineField>
  );
  const secretField = (name: 'coingeckoKey' | 'duneKey', label: string) => (
    <InlineField label={label} tooltip="Kept encrypted; only the backend reads it">
      <SecretInput
        aria-label={label}
        width={30}
        isConfigured={isSecretConfigured(options, name)}
        value={options.secureJsonData?.[name] ?? ''}
        onChange={(e) => onOptionsChange(withSecret(options, name, e.currentTarget.value))}
        onReset={() => onOptionsChange(withSecretReset(options, name))}
      />
    </InlineField>
  );

  return (
    <Stack direction="column" gap={3}>
      <ConfigSubSection title="Market maker endpoints">
        {urlField(
          'quoteLogUrl',
          'Quote log URL',
          'Every RFQ received, with its quote and outcome',
          'https://mm.example/quote-log/rfqs'
        )}
        {urlField(
          'rfqProbeUrl',
          'RFQ probe URL',
          'Asked for a quote by the health check; no KPI reads it today',
          'https://mm.example/rfq'
        )}
      </ConfigSubSection>
      <ConfigSubSection title="Price and data services">
        <InlineFieldRow>
          {urlField(
            'coingeckoUrl',
            'CoinGecko URL',
            'Prices of assets without a feed; the fallback for a stale or failing feed; the cross-check of every feed',
            'https://api.coingecko.com/api/v3'
          )}
          {secretField('coingeckoKey', 'CoinGecko key')}
          <InlineField
            label="Max deviation %"
            tooltip={`A feed answer off CoinGecko's price by more than this is flagged on the KPIs it values (the answer is kept). Default ${DEFAULT_MAX_FEED_DEVIATION_PCT}`}
            invalid={Boolean(problemAt(problems, 'maxFeedDeviationPct'))}
            error={problemAt(problems, 'maxFeedDeviationPct')}
          >
            <Input
              aria-label="Max feed deviation from CoinGecko, percent"
              type="number"
              width={10}
              placeholder={String(DEFAULT_MAX_FEED_DEVIATION_PCT)}
              value={options.jsonData.maxFeedDeviationPct ?? ''}
              onChange={(e) =>
                onOptionsChange(patchJson(options, { maxFeedDeviationPct: optionalNumber(e.currentTarget.value) }))
              }
            />
          </InlineField>
        </InlineFieldRow>
        <InlineFieldRow>
          {urlField(
            'duneUrl',
            'Dune URL',
            'Its saved query is run by the health check; no KPI reads it today',
            'https://api.dune.com/api/v1'
          )}
          <InlineField label="Query id">
            <Input
              aria-label="Dune query id"
              type="number"
              width={14}
              value={endpoints.duneQueryId ?? ''}
              onChange={(e) => setEndpoints({ duneQueryId: optionalNumber(e.currentTarget.value) })}
            />
          </InlineField>
          {secretField('duneKey', 'Dune key')}
        </InlineFieldRow>
      </ConfigSubSection>
      <ConfigSubSection title="Chain">
        <InlineFieldRow>
          <InlineField
            label="Explorer URL"
            labelWidth={LABEL_WIDTH}
            tooltip="Annotations link each transaction to <explorer>/tx/<hash>"
            invalid={Boolean(problemAt(problems, 'explorerUrl'))}
            error={problemAt(problems, 'explorerUrl')}
          >
            <Input
              aria-label="Explorer URL"
              width={50}
              placeholder="https://etherscan.io"
              value={options.jsonData.explorerUrl ?? ''}
              onChange={(e) =>
                onOptionsChange(patchJson(options, { explorerUrl: optionalText(e.currentTarget.value) }))
              }
            />
          </InlineField>
          <InlineField label="Chain id" tooltip="1 for Ethereum; checked against the nodes">
            <Input
              aria-label="Chain id"
              type="number"
              width={12}
              value={options.jsonData.chainId ?? ''}
              onChange={(e) => onOptionsChange(patchJson(options, { chainId: optionalNumber(e.currentTarget.value) }))}
            />
          </InlineField>
        </InlineFieldRow>
      </ConfigSubSection>
    </Stack>
  );
}
