/**
 * A ResourceClient answering from fixed bodies, as the backend answered them elsewhere (jest tests and
 * browser scenes feed it the fixtures the real backend produced): no network, no Grafana runtime.
 */
import type { ResourceClient, TokenAnswer } from './types';

export interface FixedAnswers {
  /** GET path → body, e.g. { assets: {assets: […]} }. */
  get: Record<string, unknown>;
  /** POST token: the answer for an address (lower-case key), else an error. */
  tokens?: Record<string, TokenAnswer>;
}

export function fixedResources(answers: FixedAnswers): ResourceClient {
  return {
    async get<T>(path: string, params?: Record<string, string>): Promise<T> {
      if (path === 'kpis' && answers.get.catalogue) {
        const { kpis } = answers.get.catalogue as { kpis: Array<{ area: string }> };
        return { kpis: kpis.filter((kpi) => !params?.area || kpi.area === params.area) } as T;
      }
      if (!(path in answers.get)) {
        throw { data: { error: `no resource "${path}"` } };
      }
      return answers.get[path] as T;
    },
    async post<T>(path: string, body: unknown): Promise<T> {
      const address = String((body as { address?: unknown } | null)?.address ?? '').toLowerCase();
      const token = answers.tokens?.[address];
      if (path !== 'token' || !token) {
        throw { data: { valid: false, error: `erc20: ${address} answers no decimals() (not a token?)` } };
      }
      return token as T;
    },
  };
}
