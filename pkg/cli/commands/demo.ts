/**
 * `pmm-monitor demo`: starts the demo world and keeps it living (a live block every interval, until
 * Ctrl-C or SIGTERM stops every child), or with --check starts it, prints a summary and exits.
 */
import { rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { DEMO_PORTS, demoSettings } from '../../demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../../demo/demoWorld';
import { summarizeWorld } from '../../demo/summary';
import { LIVE_INTERVAL_SEC, momentAt, type MomentState } from '../../demo/sim/live';
import { DEFAULT_WORLD } from '../../demo/sim/scenario';
import { EXIT, type CliIo } from '../io';
import { grafanaInstructions } from './demoGrafana';

export const demoUsage = `pmm-monitor demo [--seed N] [--days N] [--interval SECONDS] [--port N] [--endpoints-port N] [--write-config FILE] [--ready-file FILE] [--no-live] [--live-interval SECONDS] [--check]
  Starts the demo world: anvil with Aave V3, the 1inch limit-order protocol, a Comet market and
  Chainlink-style feeds, a market maker's simulated month replayed from the seed, and its endpoints;
  then the world lives: a block every live interval at the time it is mined, with the desk's RFQs,
  fills, price moves and hedges, and every two hours a quoting outage and a price drop that thins the
  lending buffer, then recovery (so dashboards move and alert rules fire and resolve).
  --no-live (or --live=false)  stop at the month: no live blocks
  --live-interval SECONDS  seconds between live blocks (default ${LIVE_INTERVAL_SEC})
  --write-config FILE  write the data source settings (JSON) pointing at this world
  --ready-file FILE  create FILE once the world is ready and remove it on stop (a container health check)
  --check  start, print a summary and exit 0 (on any free ports; never live)
  Defaults: seed ${DEFAULT_WORLD.seed}, ${DEFAULT_WORLD.days} days, one block per ${DEFAULT_WORLD.intervalSec} s, JSON-RPC on port ${DEMO_PORTS.port}
  and endpoints on ${DEMO_PORTS.endpointsPort}, where pkg/demo/demo-settings.json points.`;

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) {
    throw new Error(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  }
  return number;
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** What the live log says when the scripted moments begin and end. */
function momentChanges(before: MomentState, now: MomentState): string[] {
  const lines: string[] = [];
  if (!before.outage && now.outage) {
    lines.push('quoting outage begins (5 minutes: every RFQ times out)');
  }
  if (before.outage && !now.outage) {
    lines.push('quoting outage ends');
  }
  if (before.dropShare === 0 && now.dropShare > 0) {
    lines.push('ETH price drop begins (the lending buffer thins under 50 %)');
  }
  if (before.dropShare === 1 && now.dropShare < 1) {
    lines.push('ETH price recovers');
  }
  return lines;
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => resolve(signal);
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
}

export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  // `--live=false` reads as `--no-live`, `--live` as the default (Node 20's parseArgs has no negation).
  const normalized = args.flatMap((arg) =>
    arg === '--live=false' ? ['--no-live'] : arg === '--live' || arg === '--live=true' ? [] : [arg]
  );
  const { values } = parseArgs({
    args: normalized,
    options: {
      seed: { type: 'string' },
      days: { type: 'string' },
      interval: { type: 'string' },
      port: { type: 'string' },
      'endpoints-port': { type: 'string' },
      'write-config': { type: 'string' },
      'ready-file': { type: 'string' },
      check: { type: 'boolean', default: false },
      'no-live': { type: 'boolean', default: false },
      'live-interval': { type: 'string' },
    },
    strict: true,
  });
  // A running demo listens where the shipped demo-settings.json points; a check takes any free ports.
  const defaults = values.check ? { port: 0, endpointsPort: 0 } : DEMO_PORTS;
  const options = {
    seed: integer('seed', values.seed, 0),
    days: integer('days', values.days, 1),
    intervalSec: integer('interval', values.interval, 60),
    port: integer('port', values.port, 0) ?? defaults.port,
    endpointsPort: integer('endpoints-port', values['endpoints-port'], 0) ?? defaults.endpointsPort,
    log: (line: string) => io.err.write(`demo: ${line}\n`),
  };
  const liveIntervalSec = integer('live-interval', values['live-interval'], 1) ?? LIVE_INTERVAL_SEC;
  // The live log: a line every ~5 minutes of blocks, and when a scripted moment begins or ends.
  let lastMoment: MomentState | undefined;
  const live =
    values.check || values['no-live']
      ? false
      : {
          intervalSec: liveIntervalSec,
          onBlock: (index: number, timestamp: number) => {
            const moment = momentAt(world.live?.desk.startSec ?? timestamp, timestamp);
            for (const line of lastMoment ? momentChanges(lastMoment, moment) : []) {
              options.log(`live: ${line}`);
            }
            lastMoment = moment;
            const mined = index - world.record.plan.scenario.blocks + 1;
            if (mined === 1 || mined % Math.max(1, Math.round(300 / liveIntervalSec)) === 0) {
              options.log(`live: ${mined} blocks, newest at ${new Date(timestamp * 1000).toISOString()}`);
            }
          },
        };
  const readyFile = values['ready-file'];
  // A file left by a killed run must not report this one ready before it is.
  if (readyFile) {
    await rm(readyFile, { force: true });
  }
  let world: DemoWorld;
  try {
    world = await startDemoWorld(options);
  } catch (error) {
    io.err.write(`pmm-monitor demo: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
  try {
    if (values['write-config']) {
      await writeFile(values['write-config'], `${JSON.stringify(demoSettings(world), null, 2)}\n`);
      io.err.write(`demo: data source settings written to ${values['write-config']}\n`);
    }
    const summary = await summarizeWorld(world);
    io.out.write(summary.text);
    if (values.check) {
      return summary.problems.length === 0 ? EXIT.ok : EXIT.failed;
    }
    const living = live ? `; live: a block every ${liveIntervalSec} s` : '';
    io.out.write(`ready: JSON-RPC ${world.rpcUrl}, endpoints ${world.endpointsUrl}${living} (Ctrl-C to stop)\n`);
    io.out.write(grafanaInstructions({ port: portOf(world.rpcUrl), endpointsPort: portOf(world.endpointsUrl) }));
    if (live) {
      // After the summary, so it reads the month as built; live blocks come one interval from now.
      world.goLive(live);
    }
    if (readyFile) {
      await writeFile(readyFile, `${world.rpcUrl} ${world.endpointsUrl}\n`);
    }
    // A live block that fails ends the demo with its error, rather than a world that silently stops.
    const ended = world.live?.done.then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error))
    );
    const outcome = await Promise.race([
      waitForSignal().then((signal) => ({ signal })),
      ...(ended ? [ended.then((failure) => ({ failure }))] : []),
    ]);
    if ('failure' in outcome) {
      io.err.write(`pmm-monitor demo: the live world stopped: ${outcome.failure ?? 'no error'}\n`);
      return EXIT.failed;
    }
    io.err.write(`demo: ${outcome.signal}, stopping\n`);
    return EXIT.ok;
  } finally {
    if (readyFile) {
      await rm(readyFile, { force: true });
    }
    await world.stop();
  }
}
