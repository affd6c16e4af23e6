/** Every off-chain endpoint of the demo world on one local port. */
import type { WorldRecord } from '../ledger/record';
import { hedgeVenueRoutes } from './hedgeVenue';
import { serve, type RunningServer } from './http';
import { quoteLogRoutes } from './quoteLog';
import { standInRoutes } from './standIns';

export function serveEndpoints(record: WorldRecord, port = 0): Promise<RunningServer> {
  return serve([...quoteLogRoutes(record), ...hedgeVenueRoutes(record), ...standInRoutes(record)], port);
}
