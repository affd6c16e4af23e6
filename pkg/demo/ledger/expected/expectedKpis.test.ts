import { KPIS } from '../../../../src/core/catalogue';
import { DEMO_KPI_CONFIG } from './config';
import { expectedKpis } from './expectedKpis';
import { worstOf } from './headline';
import { quantile, leastSquaresSlope, populationStdDev } from './stats';
import { buildRecord, T0 } from './testLedger';
import { KPI_IDS } from './types';
import { toAmount, toUnits } from './units';

describe('the expected KPIs cover the catalogue', () => {
  it('lists exactly the catalogue’s ids', () => {
    expect([...KPI_IDS].sort()).toEqual(KPIS.map((kpi) => kpi.id).sort());
  });

  it('answers every id, and the query-time ones as such', () => {
    const kpis = expectedKpis(buildRecord([{ timestamp: T0 }]), { fromMs: 0, toMs: T0 * 1000 + 1 });
    expect(Object.keys(kpis).sort()).toEqual([...KPI_IDS].sort());
    const queryTime = KPIS.filter((kpi) => kpi.measuredAtQueryTime).map((kpi) => kpi.id);
    for (const id of KPI_IDS) {
      expect('measuredAtQueryTime' in kpis[id]).toBe(queryTime.includes(id));
    }
  });

  it('the demo config prices every asset it targets and sets neutral levels for the delta assets', () => {
    for (const asset of DEMO_KPI_CONFIG.netDeltaAssets) {
      expect(DEMO_KPI_CONFIG.neutralUnits[asset]).toBeGreaterThan(0);
    }
    expect(DEMO_KPI_CONFIG.inventoryTargetsUsd).toEqual({
      WETH: 2_400_000,
      WBTC: 2_400_000,
      USDC: 9_000_000,
      USDT: 2_500_000,
    });
  });
});

describe('helpers', () => {
  it('converts amounts as the simulator does', () => {
    expect(toUnits(0.1 + 0.2, 'USDC')).toBe(300_000n);
    expect(toUnits(1.23456789123, 'WETH')).toBe(1_234_567_890_000_000_000n);
    expect(toAmount(1_500_000_000_000_000_000_000n, 'WETH')).toBe(1500);
    expect(toAmount(-2_500_000n, 'USDC')).toBe(-2.5);
  });

  it('statistics follow the stated conventions', () => {
    expect(populationStdDev([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([10, 20], 0.01)).toBeCloseTo(10.1, 12);
    expect(leastSquaresSlope([0, 1, 2], [1, 3, 5])).toBeCloseTo(2, 12);
    expect(leastSquaresSlope([1], [1])).toBeNull();
  });

  it('a broken-down KPI shows its worst entry', () => {
    expect(worstOf('net_delta', { WETH: 1.5, WBTC: -3 })).toBe(-3);
    // 20 % is critical (below 25), 180 % only a warning (150–200).
    expect(worstOf('inventory_level', { WETH: 180, WBTC: 20, USDC: 100 })).toBe(20);
    expect(worstOf('inventory_level', { WETH: 110, USDC: 95 })).toBe(110);
    expect(worstOf('liquidation_buffer', { aave: 80, comet: 60 })).toBe(60);
    expect(worstOf('token_pnl', {})).toBeNull();
  });
});
