import React from 'react';
import { Button, InlineField, InlineFieldRow, Input, SecretInput } from '@grafana/ui';

import type { VenueSettings } from '../../../core/settings/types';
import { LABEL_WIDTH, type SectionProps } from './sectionProps';
import {
  isSecretConfigured,
  optionalText,
  patchJson,
  problemAt,
  removeAt,
  replaceAt,
  withSecret,
  withSecretReset,
} from './settingsEdit';

const HEDGE_KEY = 'hedgeKey';

/** Where the market maker lends, borrows, fills and hedges. A venue left empty is not read. */
export function VenuesSection({ options, onOptionsChange, problems }: SectionProps) {
  const venues = options.jsonData.venues ?? {};
  const setVenues = (patch: Partial<VenueSettings>, base = options) =>
    onOptionsChange(patchJson(base, { venues: { ...venues, ...patch } }));
  const comets = venues.comets ?? [];
  const err = (field: string) => problemAt(problems, `venues.${field}`);

  return (
    <>
      <InlineFieldRow>
        <InlineField
          label="Aave V3 pool"
          labelWidth={LABEL_WIDTH}
          invalid={Boolean(err('aave.pool'))}
          error={err('aave.pool')}
        >
          <Input
            aria-label="Aave pool address"
            width={46}
            placeholder="0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2"
            value={venues.aave?.pool ?? ''}
            onChange={(e) => {
              const pool = optionalText(e.currentTarget.value);
              setVenues({ aave: pool ? { ...venues.aave, pool } : undefined });
            }}
          />
        </InlineField>
        <InlineField
          label="Data provider"
          tooltip="Optional: AaveProtocolDataProvider, found through the pool otherwise"
        >
          <Input
            aria-label="Aave data provider address"
            width={46}
            disabled={!venues.aave}
            value={venues.aave?.dataProvider ?? ''}
            onChange={(e) =>
              venues.aave && setVenues({ aave: { ...venues.aave, dataProvider: optionalText(e.currentTarget.value) } })
            }
          />
        </InlineField>
      </InlineFieldRow>
      <InlineField
        label="1inch LOP v4"
        labelWidth={LABEL_WIDTH}
        tooltip="Limit Order Protocol (inside Router v6 on Ethereum: 0x111111125421cA6dc452d289314280a0f8842A65); fills are its OrderFilled events"
        invalid={Boolean(err('limitOrderProtocol'))}
        error={err('limitOrderProtocol')}
      >
        <Input
          aria-label="1inch Limit Order Protocol address"
          width={46}
          value={venues.limitOrderProtocol ?? ''}
          onChange={(e) => setVenues({ limitOrderProtocol: optionalText(e.currentTarget.value) })}
        />
      </InlineField>
      {comets.map((comet, i) => (
        <InlineFieldRow key={i} data-testid={`comet-${i}`}>
          <InlineField label="Comet market" labelWidth={LABEL_WIDTH}>
            <Input
              aria-label={`Comet ${i + 1} name`}
              width={20}
              placeholder="cUSDCv3"
              value={comet.name}
              onChange={(e) => setVenues({ comets: replaceAt(comets, i, { ...comet, name: e.currentTarget.value }) })}
            />
          </InlineField>
          <InlineField label="Address" invalid={Boolean(err(`comets[${i}].market`))} error={err(`comets[${i}].market`)}>
            <Input
              aria-label={`Comet ${i + 1} market address`}
              width={46}
              value={comet.market}
              onChange={(e) =>
                setVenues({ comets: replaceAt(comets, i, { ...comet, market: e.currentTarget.value.trim() }) })
              }
            />
          </InlineField>
          <Button
            variant="secondary"
            fill="text"
            icon="trash-alt"
            aria-label={`Remove Comet market ${i + 1}`}
            onClick={() => setVenues({ comets: removeAt(comets, i) })}
          />
        </InlineFieldRow>
      ))}
      <Button
        variant="secondary"
        icon="plus"
        onClick={() => setVenues({ comets: [...comets, { name: '', market: '' }] })}
      >
        Add Comet market
      </Button>
      <InlineFieldRow>
        <InlineField label="Hedge venue" labelWidth={LABEL_WIDTH}>
          <Input
            aria-label="Hedge venue name"
            width={20}
            value={venues.hedge?.name ?? ''}
            onChange={(e) => setVenues({ hedge: { url: venues.hedge?.url ?? '', name: e.currentTarget.value } })}
          />
        </InlineField>
        <InlineField label="URL" invalid={Boolean(err('hedge.url'))} error={err('hedge.url')}>
          <Input
            aria-label="Hedge venue URL"
            width={40}
            value={venues.hedge?.url ?? ''}
            onChange={(e) => {
              const url = e.currentTarget.value.trim();
              setVenues({ hedge: url || venues.hedge?.name ? { name: venues.hedge?.name ?? '', url } : undefined });
            }}
          />
        </InlineField>
        <InlineField label="Key">
          <SecretInput
            aria-label="Hedge venue key"
            width={24}
            isConfigured={isSecretConfigured(options, HEDGE_KEY)}
            value={options.secureJsonData?.[HEDGE_KEY] ?? ''}
            onChange={(e) => onOptionsChange(withSecret(options, HEDGE_KEY, e.currentTarget.value))}
            onReset={() => onOptionsChange(withSecretReset(options, HEDGE_KEY))}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}
