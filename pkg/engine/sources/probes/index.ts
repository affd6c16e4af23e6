/**
 * What is measured when a query runs rather than read: a node's head and round trip, an endpoint's
 * round trip. Each asks its target directly, once, with a short deadline.
 */
export { askNode } from './askNode';
export type { AskNodeParameters, AskNodeReturnType, NodeReply, ProbeDependencies, ProbeTarget } from './askNode';
export { PROBE_TIMEOUT_MS, probeEndpoint } from './probeEndpoint';
export type { EndpointProbe, EndpointTarget } from './probeEndpoint';
export { probeNode } from './probeNode';
export type { NodeProbe } from './probeNode';
