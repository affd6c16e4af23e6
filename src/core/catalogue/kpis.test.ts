import fs from 'fs';
import path from 'path';

import {
  AREAS,
  DATA_INPUTS,
  KPI_IDS,
  KPIS,
  PLAN_IDS,
  findPlan,
  okRange,
  plansOfKpi,
  type Area,
  type SourceId,
} from './index';

// The framework page (docs/kpi-framework.md: the shared framework as this project computes it) is the
// independent reference: the catalogue must list exactly its KPIs, in its areas, with its targets as
// the ok edge.
const frameworkPath = path.resolve(__dirname, '../../../docs/kpi-framework.md');
const framework = fs.readFileSync(frameworkPath, 'utf8');

interface FrameworkRow {
  id: string;
  name: string;
  area: Area;
  target: string;
}

function parseFramework(text: string): FrameworkRow[] {
  const areaBySection: Record<string, Area> = {
    '1': 'uptime',
    '2': 'position',
    '3': 'inventory',
    '4': 'risk',
    '5': 'performance',
  };
  const rows: FrameworkRow[] = [];
  let area: Area | undefined;
  for (const line of text.split('\n')) {
    const section = /^## (\d)\. /.exec(line);
    if (section) {
      area = areaBySection[section[1]];
      continue;
    }
    if (line.startsWith('## ')) {
      area = undefined;
    }
    const row = /^\| `([a-z0-9_]+)` \| ([^|]+) \|/.exec(line);
    if (row && area) {
      const cells = line.split('|').map((cell) => cell.trim());
      rows.push({ id: row[1], name: row[2].trim(), area, target: cells[cells.length - 2] });
    }
  }
  return rows;
}

const rows = parseFramework(framework);

describe('the KPI catalogue against the framework', () => {
  it('lists the shared framework’s KPIs in its areas, when shared/ is beside the repo', () => {
    // The shared page may be ahead of the code (a later revision's readings): ids and areas must agree,
    // while docs/kpi-framework.md says what the code computes today.
    const shared = path.resolve(__dirname, '../../../../shared/kpi-framework.md');
    if (!fs.existsSync(shared)) {
      console.warn(`skipped: ${shared} not found`);
      return;
    }
    const sharedRows = parseFramework(fs.readFileSync(shared, 'utf8'));
    expect(sharedRows.map((row) => [row.id, row.area])).toEqual(rows.map((row) => [row.id, row.area]));
  });

  it('lists the framework’s 24 KPIs: 8 uptime, 4 position, 5 inventory, 4 risk, 3 performance', () => {
    expect(rows).toHaveLength(24);
    expect(KPIS.map((kpi) => kpi.id)).toEqual(rows.map((row) => row.id));
    expect([...KPI_IDS]).toEqual(rows.map((row) => row.id));
    const counts = Object.fromEntries(AREAS.map((area) => [area, KPIS.filter((k) => k.area === area).length]));
    expect(counts).toEqual({ uptime: 8, position: 4, inventory: 5, risk: 4, performance: 3 });
  });

  it.each(rows)('$id is in the framework’s area, per asset where it says so', (row) => {
    const kpi = KPIS.find((k) => k.id === row.id)!;
    expect(kpi.area).toBe(row.area);
    if (/per asset/.test(row.name)) {
      expect(kpi.perAsset).toBe(true);
    }
  });

  it.each(rows)('$id: the framework target "$target" is the edge of the ok range', (row) => {
    const kpi = KPIS.find((k) => k.id === row.id)!;
    const match = /^(<|>|≥|within ±|positive trend)\s*([\d.]+)?/.exec(row.target);
    const [low, high] = okRange(kpi.bands);
    if (match?.[1] === '<') {
      expect(kpi.direction).toBe('lower');
      expect(high).toBe(Number(match[2]));
    } else if (match?.[1] === '>' || match?.[1] === '≥') {
      expect(kpi.direction).toBe('higher');
      expect(low).toBe(Number(match[2]));
    } else if (match?.[1] === 'positive trend') {
      expect(kpi.judgedOn).toBe('trend');
      expect(low).toBe(0);
    } else {
      // Two-sided or configured targets: the framework's numbers must all be edges of the bands.
      const numbers = (row.target.match(/\d+(\.\d+)?/g) ?? [])
        .map(Number)
        .filter((n) => n !== 24 || kpi.id !== 'rebalancing_count');
      const edges = kpi.bands.slice(1).map((step) => Math.abs(step.from as number));
      for (const n of numbers) {
        expect(edges).toContain(n);
      }
    }
  });

  it('matches the bands the framework states outright', () => {
    const uptime = KPIS.find((k) => k.id === 'uptime')!;
    expect(uptime.bands.map((s) => [s.from, s.state])).toEqual([
      [null, 'critical'],
      [98, 'warning'],
      [99.5, 'ok'],
    ]);
    const delta = KPIS.find((k) => k.id === 'net_delta')!;
    expect(okRange(delta.bands)).toEqual([-2, 2]);
    expect(delta.bands.filter((s) => s.state === 'critical').map((s) => s.from)).toEqual([null, 5]);
    const buffer = KPIS.find((k) => k.id === 'liquidation_buffer')!;
    expect(buffer.bands.find((s) => s.state === 'warning')?.from).toBe(10);
  });
});

describe('every KPI definition is complete and consistent', () => {
  it.each(KPIS.map((kpi) => [kpi.id, kpi] as const))('%s', (_id, kpi) => {
    expect(kpi.name && kpi.description && kpi.formula && kpi.target && kpi.unit).toBeTruthy();
    expect(kpi.sources.length).toBeGreaterThan(0);
    // Bands: the first step open below, edges strictly increasing, one ok step.
    expect(kpi.bands[0].from).toBeNull();
    const edges = kpi.bands.slice(1).map((step) => step.from);
    expect(edges.every((edge) => typeof edge === 'number')).toBe(true);
    expect([...(edges as number[])].sort((a, b) => a - b)).toEqual(edges);
    expect(new Set(edges).size).toBe(edges.length);
    const okSteps = kpi.bands.filter((step) => step.state === 'ok');
    expect(okSteps).toHaveLength(1);
    // The direction says where the ok step is, and so which sides have plans.
    const okIndex = kpi.bands.indexOf(okSteps[0]);
    const position = okIndex === 0 ? 'first' : okIndex === kpi.bands.length - 1 ? 'last' : 'middle';
    expect({ higher: 'last', lower: 'first', band: 'middle' }[kpi.direction]).toBe(position);
    expect(Boolean(kpi.plans.below)).toBe(okIndex > 0);
    expect(Boolean(kpi.plans.above)).toBe(okIndex < kpi.bands.length - 1);
    // Every plan named exists.
    for (const planId of plansOfKpi(kpi)) {
      expect(PLAN_IDS).toContain(planId);
      expect(findPlan(planId)).toBeDefined();
    }
    if (kpi.judgedOn === 'trend') {
      expect(kpi.judgedUnit).toBeTruthy();
    }
  });

  it.each(KPIS.map((kpi) => [kpi.id, kpi] as const))(
    '%s: its sources are exactly those of the data it reads',
    (_id, kpi) => {
      expect(kpi.reads.length).toBeGreaterThan(0);
      expect(new Set(kpi.reads).size).toBe(kpi.reads.length);
      const ofReads = new Set<SourceId>(kpi.reads.flatMap((input) => DATA_INPUTS[input].sources));
      expect(new Set(kpi.sources)).toEqual(ofReads);
      expect(new Set(kpi.sources).size).toBe(kpi.sources.length);
    }
  );

  it('every plan is opened by at least one KPI', () => {
    const opened = new Set(KPIS.flatMap((kpi) => plansOfKpi(kpi)));
    expect([...PLAN_IDS].filter((id) => !opened.has(id))).toEqual([]);
  });
});
