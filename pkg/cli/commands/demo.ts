/**
 * `pmm-monitor demo`: starts the demo world and keeps it running (Ctrl-C or SIGTERM stops every
 * child), or with --check starts it, prints a summary and exits.
 */
import { rm, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { DEMO_PORTS, demoSettings } from '../../demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../../demo/demoWorld';
import { summarizeWorld } from '../../demo/summary';
import { DEFAULT_WORLD } from '../../demo/sim/scenario';
import { EXIT, type CliIo } from '../io';
import { grafanaInstructions } from './demoGrafana';

export const demoUsage = `pmm-monitor demo [--seed N] [--days N] [--interval SECONDS] [--port N] [--endpoints-port N] [--write-config FILE] [--ready-file FILE] [--check]
  Starts the demo world: anvil with Aave V3, the 1inch limit-order protocol, a Comet market and
  Chainlink-style feeds, a market maker's simulated month replayed from the seed, and its endpoints.
  --write-config FILE  write the data source settings (JSON) pointing at this world
  --ready-file FILE  create FILE once the world is ready and remove it on stop (a container health check)
  --check  start, print a summary and exit 0 (on any free ports)
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

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => resolve(signal);
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
}

export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      seed: { type: 'string' },
      days: { type: 'string' },
      interval: { type: 'string' },
      port: { type: 'string' },
      'endpoints-port': { type: 'string' },
      'write-config': { type: 'string' },
      'ready-file': { type: 'string' },
      check: { type: 'boolean', default: false },
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
    io.out.write(`ready: JSON-RPC ${world.rpcUrl}, endpoints ${world.endpointsUrl} (Ctrl-C to stop)\n`);
    io.out.write(grafanaInstructions({ port: portOf(world.rpcUrl), endpointsPort: portOf(world.endpointsUrl) }));
    if (readyFile) {
      await writeFile(readyFile, `${world.rpcUrl} ${world.endpointsUrl}\n`);
    }
    const signal = await waitForSignal();
    io.err.write(`demo: ${signal}, stopping\n`);
    return EXIT.ok;
  } finally {
    if (readyFile) {
      await rm(readyFile, { force: true });
    }
    await world.stop();
  }
}
