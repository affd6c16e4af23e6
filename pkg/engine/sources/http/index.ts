export { fetchJson, FETCH_JSON_DEFAULTS } from './fetchJson';
export type { FetchJsonParameters, FetchJsonDependencies, FetchJsonErrorType } from './fetchJson';
export { HttpSourceError } from './httpSourceError';
export type { HttpFailureReason } from './httpSourceError';
export { redactUrl } from './redact';
export { cancellableHttp } from './cancellable';
