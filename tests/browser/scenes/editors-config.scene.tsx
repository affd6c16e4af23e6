/**
 * The data source's config editor on the demo world's settings, as Grafana shows it for a saved data
 * source whose node key, CoinGecko key and hedge key are stored. The backend's token resource is
 * stubbed with the demo tokens' decimals (the simulator's own table), everything else is the fixtures'.
 * `?settings=<jsonData as JSON>` opens the editor on other saved settings instead (the check's invalid
 * variant), as Grafana opens a saved data source: the sections choose what is open as they mount.
 */
import React, { useMemo, useState } from 'react';

import { DECIMALS } from '../../../pkg/demo/sim/scenario';
import { ConfigEditorView } from '../../../src/datasource/components/config/ConfigEditorView';
import type { PmmOptions } from '../../../src/datasource/components/config/settingsEdit';
import { fixedResources } from '../../../src/datasource/resources/fixedResources';
import type { TokenAnswer } from '../../../src/datasource/resources/types';
import type { PmmDataSourceOptions } from '../../../src/datasource/types';
import type { BrowserFixtures, SceneProps } from '../fixtures';

function savedSettings(fixtures: BrowserFixtures): PmmDataSourceOptions {
  const given = new URLSearchParams(window.location.search).get('settings');
  return given
    ? (JSON.parse(given) as PmmDataSourceOptions)
    : { ...fixtures.settings, explorerUrl: 'https://etherscan.io' };
}

export default function Scene({ fixtures }: SceneProps) {
  const [options, setOptions] = useState<PmmOptions>(
    () =>
      ({
        uid: 'pmm-demo',
        name: 'PMM Monitor (demo)',
        jsonData: savedSettings(fixtures),
        secureJsonFields: { 'nodeKey:demo-anvil': true, coingeckoKey: true, hedgeKey: true },
        secureJsonData: {},
      }) as unknown as PmmOptions
  );
  const resources = useMemo(() => {
    const tokens: Record<string, TokenAnswer> = {};
    for (const asset of fixtures.settings.assets) {
      const decimals = (DECIMALS as Record<string, number>)[asset.symbol];
      tokens[asset.address.toLowerCase()] = { valid: true, address: asset.address, symbol: asset.symbol, decimals };
    }
    return fixedResources({ get: fixtures.resources, tokens });
  }, [fixtures]);
  return (
    <div style={{ padding: 16, maxWidth: 1200 }} data-testid="config-editor">
      <ConfigEditorView options={options} onOptionsChange={setOptions} resources={resources} />
    </div>
  );
}
