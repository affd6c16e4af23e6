/**
 * `pmm-monitor kpis`: every KPI of the catalogue computed by the engine for a data source config,
 * against its target with its state and the plan that state opens, as a table or JSON.
 */
import { parseArgs } from 'node:util';

import { AREAS, describeBands } from '../../../src/core/catalogue';
import { createEngine, type EngineAnswer, type KpiOutcome } from '../../engine';
import { EXIT, type CliIo } from '../io';
import { readConfig } from './config';

export const kpisUsage = `pmm-monitor kpis --config FILE [--from TIME] [--to TIME] [--points N] [--kpi ID]... [--json]
  Computes every KPI (or those named) from the sources of a data source config and shows each
  against its target, with its state and the action plan that state opens.
  --config FILE  data source settings as JSON (as \`pmm-monitor demo --write-config\` writes them,
                 or {"jsonData": …, "secureJsonData": …} with keys); the demo's ships as
                 pkg/demo/demo-settings.json (for \`npm run demo\` on its default ports)
  --from, --to   ISO times, Unix milliseconds, or now-30d / now-6h / now (default now-30d … now)
  --points N     series points (default 200)
  --json         one JSON object: the range, and per KPI value, state, plan, breakdown, series, error`;

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseTime(text: string, now: number): number {
  const relative = /^now(?:-(\d+)([smhd]))?$/.exec(text);
  if (relative) {
    return relative[1] ? now - Number(relative[1]) * UNITS[relative[2]] : now;
  }
  if (/^\d+$/.test(text)) {
    return Number(text);
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) {
    throw new Error(`"${text}" is not a time: use an ISO time, Unix milliseconds, or now-30d`);
  }
  return parsed;
}

function formatValue(outcome: KpiOutcome): string {
  const value = outcome.result?.value;
  if (outcome.error) {
    return `error: ${outcome.error.message}`;
  }
  if (value === null || value === undefined) {
    return `no value${outcome.result?.note ? ` (${outcome.result.note})` : ''}`;
  }
  const unit =
    outcome.kpi.unit === 'percent'
      ? ' %'
      : outcome.kpi.unit === 'currencyUSD'
        ? ' USD'
        : outcome.kpi.unit.startsWith('suffix:')
          ? outcome.kpi.unit.slice(7)
          : ` ${outcome.kpi.unit}`;
  const trend =
    outcome.kpi.judgedOn === 'trend' && outcome.result?.trend != null
      ? `, trend ${outcome.result.trend.toFixed(2)} USD/day`
      : '';
  return `${Number(value.toPrecision(6))}${unit}${trend}`;
}

function table(answer: EngineAnswer): string {
  const lines = [
    `range ${new Date(answer.window.fromMs).toISOString()} … ${new Date(answer.window.toMs).toISOString()}`,
  ];
  for (const area of AREAS) {
    lines.push(`\n${area.toUpperCase()}`);
    for (const outcome of answer.outcomes.filter((o) => o.kpi.area === area)) {
      const state = outcome.error ? 'ERROR' : (outcome.state ?? 'no data').toUpperCase();
      lines.push(
        `  ${outcome.kpi.id.padEnd(22)} ${state.padEnd(9)} ${formatValue(outcome)}  [target ${outcome.kpi.target}; ${describeBands(outcome.bands)}]${outcome.plan ? ` → plan ${outcome.plan}` : ''}`
      );
      for (const [key, value] of Object.entries(outcome.result?.breakdown ?? {})) {
        // A decomposition's parts (total PnL's) explain the value; they have no state of their own.
        const state = outcome.kpi.breakdown === 'part' ? 'part' : (outcome.breakdownStates?.[key] ?? 'no state');
        lines.push(`      ${key}: ${Number(value.toPrecision(6))} (${state})`);
      }
      for (const warning of outcome.result?.warnings ?? []) {
        lines.push(`      warning: ${warning}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

function json(answer: EngineAnswer): string {
  return `${JSON.stringify(
    {
      from: answer.window.fromMs,
      to: answer.window.toMs,
      kpis: answer.outcomes.map((o) => ({
        id: o.kpi.id,
        unit: o.kpi.unit,
        value: o.result?.value ?? null,
        trend: o.result?.trend,
        state: o.state ?? null,
        plan: o.plan ?? null,
        breakdown: o.result?.breakdown,
        breakdownStates: o.breakdownStates,
        parts: o.result?.parts,
        note: o.result?.note,
        warnings: o.result?.warnings,
        error: o.error ? { source: o.error.source, message: o.error.message } : undefined,
        series: (answer.series.get(o.kpi.id) ?? []).map((p) => [p.timeMs, p.result?.value ?? null]),
      })),
    },
    null,
    2
  )}\n`;
}

export async function kpisCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string' },
      from: { type: 'string', default: 'now-30d' },
      to: { type: 'string', default: 'now' },
      points: { type: 'string', default: '200' },
      kpi: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.config) {
    throw new Error('--config FILE is required');
  }
  const points = Number(values.points);
  if (!Number.isInteger(points) || points < 1) {
    throw new Error(`--points must be a positive integer, got "${values.points}"`);
  }
  const now = Date.now();
  const fromMs = parseTime(values.from, now);
  const toMs = parseTime(values.to, now);
  if (fromMs > toMs) {
    throw new Error('--from is after --to');
  }
  const { settings, secrets } = await readConfig(values.config);
  let answer: EngineAnswer;
  try {
    const engine = createEngine(settings, secrets);
    answer = await engine.query({
      fromMs,
      toMs,
      maxDataPoints: points,
      intervalMs: 1_000,
      kpis: values.kpi,
      series: values.json,
    });
  } catch (error) {
    io.err.write(`pmm-monitor kpis: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
  io.out.write(values.json ? json(answer) : table(answer));
  return answer.outcomes.every((o) => o.error) ? EXIT.failed : EXIT.ok;
}
