import demoSettings from '../../../pkg/demo/demo-settings.json';
import { KPIS, PLANS } from '../../core/catalogue';
import type { PmmSettings } from '../../core/settings/types';
import { fixedResources } from '../resources/fixedResources';
import { variableValues } from './variableValues';

const settings = demoSettings as PmmSettings;
const resources = fixedResources({
  get: {
    catalogue: { kpis: KPIS, plans: PLANS },
    assets: { assets: settings.assets },
    wallets: { wallets: settings.wallets },
    venues: { venues: [{ kind: 'aave-v3', name: 'aave', address: settings.venues.aave?.pool }] },
  },
});

describe('template variable values', () => {
  it('$asset lists the demo world assets by symbol', async () => {
    const values = await variableValues(resources, { refId: 'v', list: 'assets' });
    expect(values.map((v) => v.value)).toEqual(['WETH', 'WBTC', 'USDC', 'USDT']);
  });

  it('$wallet lists the wallets as breakdowns name them', async () => {
    const values = await variableValues(resources, { refId: 'v', list: 'wallets' });
    expect(values.map((v) => v.value)).toEqual(['maker', 'treasury', 'flash-loan receiver']);
  });

  it('$kpi lists KPI ids (of one area when asked)', async () => {
    const values = await variableValues(resources, { refId: 'v', list: 'kpis', area: 'uptime' });
    expect(values.map((v) => v.value)).toEqual(KPIS.filter((k) => k.area === 'uptime').map((k) => k.id));
    expect(values[0].text).toBe(KPIS.find((k) => k.area === 'uptime')?.name);
  });
});
