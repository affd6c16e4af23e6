/**
 * Starts the whole demo world: anvil, the contracts, the simulated month replayed from the seed, and
 * the off-chain endpoints; then, unless told not to, it goes on living: a block every live interval
 * with the desk's activity and the scripted moments (world/live.ts). A restart rebuilds it the same
 * way (an anvil state dump would lose the past-block state every series needs); only the compiled
 * contracts are cached. anvil keeps every state in memory (chain/anvil.ts), so stopping leaves nothing.
 */
import { startAnvil, type AnvilHandle } from './chain/anvil';
import { demoClients } from './chain/clients';
import { serveEndpoints } from './endpoints';
import type { RunningServer } from './endpoints/http';
import { WorldRecord } from './ledger/record';
import { simulateHedgeVenue } from './sim/hedge';
import { START_PRICES } from './sim/market';
import { planWorld } from './sim/plan';
import { buildScenario, DEFAULT_WORLD, GENESIS_LEAD_SEC, type WorldConfig } from './sim/scenario';
import type { WorldAddresses } from './world/addresses';
import { deployWorld } from './world/deployWorld';
import { startLive, type LiveOptions, type LiveRun } from './world/live';
import { simulateOnChain } from './world/simulate';

export interface DemoOptions extends Partial<WorldConfig> {
  /** anvil's port (0 = any free port). */
  port?: number;
  endpointsPort?: number;
  log?: (line: string) => void;
}

export interface DemoWorld {
  rpcUrl: string;
  endpointsUrl: string;
  addresses: WorldAddresses;
  record: WorldRecord;
  anvil: AnvilHandle;
  /** The live blocks' loop, once goLive started it. */
  readonly live?: LiveRun;
  /** After the month, mine live blocks until stop() (world/live.ts); once. */
  goLive(options?: LiveOptions): LiveRun;
  timings: { deployMs: number; simulateMs: number; totalMs: number };
  stop(): Promise<void>;
}

export async function startDemoWorld(options: DemoOptions = {}): Promise<DemoWorld> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const scenario = buildScenario({
    seed: options.seed ?? DEFAULT_WORLD.seed,
    days: options.days ?? DEFAULT_WORLD.days,
    intervalSec: options.intervalSec ?? DEFAULT_WORLD.intervalSec,
    endTime: options.endTime ?? Math.floor(Date.now() / 1000),
  });
  const plan = planWorld(scenario);
  const record = new WorldRecord(plan, simulateHedgeVenue(plan.blocks, scenario.intervalSec));

  // Genesis before the month, so the set-up blocks sit before its first block.
  const anvil = await startAnvil({ port: options.port, timestamp: scenario.startTime - GENESIS_LEAD_SEC });
  let endpoints: RunningServer | undefined;
  try {
    const clients = demoClients(anvil.url);
    log(`anvil on ${anvil.url}; deploying contracts`);
    const addresses = await deployWorld(clients);
    // Set-up posted the opening prices: from here until the first simulated block the feeds answer them.
    const setUp = await clients.public.getBlock({ blockTag: 'latest' });
    record.openingFeeds = { fromSec: Number(setUp.timestamp), prices: START_PRICES };
    const deployMs = Date.now() - started;
    log(`contracts deployed in ${(deployMs / 1000).toFixed(1)} s; simulating ${scenario.blocks} blocks`);
    endpoints = await serveEndpoints(record, options.endpointsPort ?? 0);
    let lastLog = 0;
    const miner = await simulateOnChain(clients, addresses, record, (done, total) => {
      if (done === total || Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        log(`simulated ${done}/${total} blocks`);
      }
    });
    const totalMs = Date.now() - started;
    const server = endpoints;
    let live: LiveRun | undefined;
    return {
      get live() {
        return live;
      },
      goLive: (liveOptions) => {
        live ??= startLive(record, miner, liveOptions);
        return live;
      },
      rpcUrl: anvil.url,
      endpointsUrl: server.url,
      addresses,
      record,
      anvil,
      timings: { deployMs, simulateMs: totalMs - deployMs, totalMs },
      stop: async () => {
        // The block being mined finishes first, so anvil is not stopped under a request.
        await live?.stop();
        await server.close();
        await anvil.stop();
      },
    };
  } catch (error) {
    await endpoints?.close();
    await anvil.stop();
    throw error;
  }
}
