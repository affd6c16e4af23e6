/** `pmm-monitor catalogue`: every KPI with its target, bands and plans, as a table or JSON. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import {
  AREAS,
  describeBands,
  KPIS,
  plansOfKpi,
  resolveBands,
  validateOverrides,
  type BandOverrides,
  type KpiDefinition,
} from '../../../src/core/catalogue';
import { EXIT, type CliIo } from '../io';

export const catalogueUsage = `pmm-monitor catalogue [--json] [--config FILE]
  Lists every KPI of the catalogue with its unit, target, bands and the action plans its states open.
  --json         one JSON array of KPI definitions (bands in force, planIds)
  --config FILE  a data source config (JSON with "bandOverrides") whose overrides to apply`;

async function readOverrides(file: string): Promise<BandOverrides> {
  const config: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (typeof config !== 'object' || config === null) {
    throw new Error(`${file}: expected a JSON object`);
  }
  const overrides = (config as { bandOverrides?: unknown }).bandOverrides ?? {};
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new Error(`${file}: "bandOverrides" must be an object keyed by KPI id`);
  }
  return overrides as BandOverrides;
}

function withBandsInForce(overrides: BandOverrides): Array<KpiDefinition & { planIds: string[] }> {
  return KPIS.map((kpi) => ({ ...kpi, bands: resolveBands(kpi, overrides), planIds: plansOfKpi(kpi) }));
}

function table(kpis: ReturnType<typeof withBandsInForce>): string {
  const lines: string[] = [];
  for (const area of AREAS) {
    lines.push(`\n${area.toUpperCase()}`);
    const rows = kpis
      .filter((kpi) => kpi.area === area)
      .map((kpi) => [
        kpi.id + (kpi.perAsset ? ' (per asset)' : ''),
        kpi.unit,
        kpi.target,
        describeBands(kpi.bands) + (kpi.judgedOn === 'trend' ? ` (trend, ${kpi.judgedUnit})` : ''),
        kpi.planIds.join(', '),
      ]);
    const header = ['KPI', 'unit', 'target', 'bands', 'plans'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    for (const row of [header, ...rows]) {
      lines.push(
        '  ' +
          row
            .map((cell, i) => cell.padEnd(widths[i]))
            .join('  ')
            .trimEnd()
      );
    }
  }
  return `${lines.join('\n').trimStart()}\n\n${kpis.length} KPIs\n`;
}

export async function catalogueCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false }, config: { type: 'string' } },
    strict: true,
  });
  let overrides: BandOverrides = {};
  if (values.config) {
    overrides = await readOverrides(values.config);
    const errors = validateOverrides(KPIS, overrides);
    if (errors.length > 0) {
      io.err.write(errors.map((error) => `error: ${error.message}\n`).join(''));
      return EXIT.usage;
    }
  }
  const kpis = withBandsInForce(overrides);
  io.out.write(values.json ? `${JSON.stringify(kpis, null, 2)}\n` : table(kpis));
  return EXIT.ok;
}
