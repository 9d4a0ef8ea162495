/** Counts every fetch of the pipeline's HTTP client by source and outcome. */
import { FetchError } from '../../fetch/http/fetch-error.js';
import type { HttpClient } from '../../fetch/http/http-types.js';
import type { PipelineMetrics } from './metrics.js';

export function withFetchMetrics<T extends HttpClient>(
  http: T,
  metrics: Pick<PipelineMetrics, 'fetchFinished'>,
): T {
  const wrapped: HttpClient = {
    async fetchText(url, policy, options) {
      try {
        const result = await http.fetchText(url, policy, options);
        metrics.fetchFinished(policy.sourceId, result.kind === 'ok' ? String(result.status) : 'not-modified');
        return result;
      } catch (error) {
        const status =
          error instanceof FetchError
            ? error.status !== undefined
              ? String(error.status)
              : error.fetchCode
            : 'error';
        metrics.fetchFinished(policy.sourceId, status);
        throw error;
      }
    },
    close: () => http.close(),
  };
  // Keep any extra methods of the concrete client (bound to it).
  return Object.assign(Object.create(http) as T, wrapped);
}
