/**
 * What an HTTP status means for a data source: whether trying again can help, and what the user
 * should do about it. Kept together so the retry policy and the advice cannot disagree.
 */

/** 408/429 and 5xx are transient by definition; any other 4xx will fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export function fixForStatus(status: number): string {
  if (status === 429) {
    return "rate limited: lower the refresh rate or raise the plan's limit";
  }
  if (status === 401 || status === 403) {
    return "check the API key in the data source's secure settings";
  }
  if (status === 404) {
    return "check the URL in the data source's settings";
  }
  if (status === 408) {
    return 'the endpoint timed out on its side: try again or lower the query range';
  }
  if (status >= 500) {
    return "the endpoint is failing on its side: retry later or check the provider's status page";
  }
  if (status >= 400) {
    return 'the endpoint rejected the request: check the query and the data source settings';
  }
  return 'unexpected HTTP status: check the URL in the data source settings';
}
