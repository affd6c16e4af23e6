import React from 'react';
import { ConfigSubSection } from '@grafana/plugin-ui';
import { Button, InlineField, InlineFieldRow, InlineSwitch, Input, Stack, Text } from '@grafana/ui';

import { DEFAULT_FEED_HEARTBEAT_SEC, type AssetSettings } from '../../../core/settings/types';
import { SectionDescription } from './SectionDescription';
import { assetProblemCount } from './sections';
import { LABEL_WIDTH, type SectionWithResourcesProps } from './sectionProps';
import { optionalNumber, optionalText, patchJson, problemAt, removeAt, replaceAt } from './settingsEdit';
import { assetSummary } from './summaries';
import { TokenFromChain } from './TokenFromChain';

/**
 * The tokens held, each in its own collapsible group (open when it holds a problem): address (decimals
 * and symbol come from chain), price source, neutral and target sizes.
 */
export function AssetsSection({ options, onOptionsChange, problems, resources }: SectionWithResourcesProps) {
  const assets = options.jsonData.assets ?? [];
  const setAssets = (next: AssetSettings[]) => onOptionsChange(patchJson(options, { assets: next }));
  const update = (i: number, patch: Partial<AssetSettings>) =>
    setAssets(replaceAt(assets, i, { ...assets[i], ...patch }));
  const at = (i: number, field: string) => problemAt(problems, `assets[${i}]${field}`);

  return (
    <Stack direction="column" gap={2}>
      {assets.map((asset, i) => (
        <div key={i} data-testid={`asset-${i}`}>
          <ConfigSubSection
            title={asset.symbol || `Asset ${i + 1}`}
            description={<SectionDescription summary={assetSummary(asset)} problems={assetProblemCount(problems, i)} />}
            isCollapsible
            isInitiallyOpen={assetProblemCount(problems, i) > 0}
          >
            <InlineFieldRow>
              <InlineField
                label="Symbol"
                labelWidth={LABEL_WIDTH}
                invalid={Boolean(at(i, '.symbol'))}
                error={at(i, '.symbol')}
              >
                <Input
                  aria-label={`Asset ${i + 1} symbol`}
                  width={12}
                  value={asset.symbol}
                  onChange={(e) => update(i, { symbol: e.currentTarget.value.trim() })}
                />
              </InlineField>
              <InlineField label="Token" invalid={Boolean(at(i, '.address'))} error={at(i, '.address')}>
                <Input
                  aria-label={`Asset ${i + 1} token address`}
                  width={46}
                  placeholder="0x…"
                  value={asset.address}
                  onChange={(e) => update(i, { address: e.currentTarget.value.trim() })}
                />
              </InlineField>
              <Button
                variant="secondary"
                fill="text"
                icon="trash-alt"
                aria-label={`Remove asset ${i + 1}`}
                onClick={() => setAssets(removeAt(assets, i))}
              />
            </InlineFieldRow>
            <TokenFromChain
              address={asset.address}
              symbol={asset.symbol}
              resources={resources}
              testId={`asset-${i}-chain`}
            />
            <InlineFieldRow>
              <InlineField
                label="Chainlink feed"
                labelWidth={LABEL_WIDTH}
                tooltip="A USD price feed (AggregatorV3Interface); read at every block the KPIs value"
                invalid={Boolean(at(i, '.feed') ?? at(i, ''))}
                error={at(i, '.feed') ?? at(i, '')}
              >
                <Input
                  aria-label={`Asset ${i + 1} feed address`}
                  width={46}
                  placeholder="0x… (optional with a CoinGecko id)"
                  value={asset.feed ?? ''}
                  onChange={(e) => update(i, { feed: optionalText(e.currentTarget.value) })}
                />
              </InlineField>
              <InlineField
                label="Heartbeat (s)"
                tooltip={`The feed's heartbeat: an answer older than this at a block is stale (flagged, and valued at CoinGecko when configured). Default ${DEFAULT_FEED_HEARTBEAT_SEC}; on Ethereum mainnet ETH/USD and BTC/USD 3600, USDC/USD and USDT/USD 86400 (data.chain.link)`}
                invalid={Boolean(at(i, '.heartbeatSec'))}
                error={at(i, '.heartbeatSec')}
              >
                <Input
                  aria-label={`Asset ${i + 1} feed heartbeat`}
                  type="number"
                  width={12}
                  placeholder={String(DEFAULT_FEED_HEARTBEAT_SEC)}
                  value={asset.heartbeatSec ?? ''}
                  onChange={(e) => update(i, { heartbeatSec: optionalNumber(e.currentTarget.value) })}
                />
              </InlineField>
              <InlineField
                label="CoinGecko id"
                tooltip="Prices the asset when it has no feed, stands in for a stale or failing feed, and checks the feed's answer; e.g. ethereum"
              >
                <Input
                  aria-label={`Asset ${i + 1} CoinGecko id`}
                  width={20}
                  value={asset.coingeckoId ?? ''}
                  onChange={(e) => update(i, { coingeckoId: optionalText(e.currentTarget.value) })}
                />
              </InlineField>
            </InlineFieldRow>
            <InlineFieldRow>
              <InlineField
                label="Neutral units"
                labelWidth={LABEL_WIDTH}
                tooltip="Net delta is measured against this holding"
              >
                <Input
                  aria-label={`Asset ${i + 1} neutral units`}
                  type="number"
                  width={16}
                  value={asset.neutralUnits ?? ''}
                  onChange={(e) => update(i, { neutralUnits: optionalNumber(e.currentTarget.value) })}
                />
              </InlineField>
              <InlineField label="Target USD" tooltip="Inventory level is measured against this value">
                <Input
                  aria-label={`Asset ${i + 1} target USD`}
                  type="number"
                  width={16}
                  value={asset.targetUsd ?? ''}
                  onChange={(e) => update(i, { targetUsd: optionalNumber(e.currentTarget.value) })}
                />
              </InlineField>
              <InlineField label="Stablecoin">
                <InlineSwitch
                  aria-label={`Asset ${i + 1} is a stablecoin`}
                  value={Boolean(asset.stable)}
                  onChange={(e) => update(i, { stable: e.currentTarget.checked })}
                />
              </InlineField>
            </InlineFieldRow>
          </ConfigSubSection>
        </div>
      ))}
      <Text color="secondary" element="p">
        Decimals and symbol are read from the token itself (with the nodes as last saved).
      </Text>
      <div>
        <Button variant="secondary" icon="plus" onClick={() => setAssets([...assets, { symbol: '', address: '' }])}>
          Add asset
        </Button>
      </div>
    </Stack>
  );
}
