/**
 * Every query ends by its deadline. The sources bound each request (RPC nodes 10 s each and fail fast
 * while all are down, HTTP sources 30 s), but a query reads many of them one after another; Grafana's
 * alerting gives up after 30 s by default and a dashboard user sooner, so an answer after that helps
 * no one, while an error saying what was slow does.
 */
import { PmmError } from '../../../src/core/errors';

/** Grafana's own alert evaluation timeout is 30 s; a dashboard's first (cold) load may take longer. */
export const DEFAULT_QUERY_TIMEOUT_MS = 60_000;

/** PMM_QUERY_TIMEOUT_MS from the plugin's environment (set in Grafana's service), else the default. */
export function queryTimeoutOf(env: NodeJS.ProcessEnv): number {
  const value = Number(env.PMM_QUERY_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_QUERY_TIMEOUT_MS;
}

/**
 * The promise's outcome, or a PmmError once `ms` have passed; then `onDeadline` is called, for the
 * caller to stop the work (the engine query's signal: it sends no further read).
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, onDeadline?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new PmmError('timeout', `the query did not finish within ${(ms / 1000).toFixed(0)} s`, {
          fix: 'a source is slow or down: check the Node health and Network latency KPIs and the data source health check, or ask for a shorter range',
        })
      );
      onDeadline?.();
    }, ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
