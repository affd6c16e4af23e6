/**
 * Load (run by npm run test:faults): 100 concurrent QueryData requests of mixed KPIs against the backend as Grafana runs it (the
 * built executable when present) over a 3-day demo world. Every request is answered, and every KPI
 * with a value (the world's sources are all up). Latency, memory and the cache's hit rate are
 * figures for `npm run bench`, not asserted here.
 */
import { demoSettings } from '../../pkg/demo/datasourceSettings';
import { startDemoWorld, type DemoWorld } from '../../pkg/demo/demoWorld';
import { runLoad } from '../../pkg/bench/loadRun';

jest.setTimeout(150_000);

let world: DemoWorld;

beforeAll(async () => {
  world = await startDemoWorld({ days: 3 });
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

it('answers 100 concurrent queries of mixed KPIs, each with its values', async () => {
  const blocks = world.record.blocks;
  const result = await runLoad({
    settings: demoSettings(world),
    range: { fromMs: blocks[0].timestamp * 1000, toMs: blocks[blocks.length - 1].timestamp * 1000 + 1 },
  });
  expect(result.answered).toBe(100);
  expect(result.queryErrors).toEqual([]);
  // The refresh read the same blocks again: the shared cache served them.
  expect(result.cacheHits).toBeGreaterThan(0);
});
