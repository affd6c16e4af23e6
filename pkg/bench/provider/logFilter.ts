/** Whether a log matches an eth_getLogs filter's address and topics, as a node decides it. */

export interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  removed: boolean;
}

export interface LogFilter {
  address?: string | string[] | null;
  /** Per position: any (null), one topic, or any of several. */
  topics?: Array<string | string[] | null> | null;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function matchesFilter(log: Pick<RpcLog, 'address' | 'topics'>, filter: LogFilter): boolean {
  const { address, topics } = filter;
  if (address !== undefined && address !== null) {
    const wanted = Array.isArray(address) ? address : [address];
    if (wanted.length > 0 && !wanted.some((a) => same(a, log.address))) {
      return false;
    }
  }
  for (const [i, position] of (topics ?? []).entries()) {
    if (position === null || (Array.isArray(position) && position.length === 0)) {
      continue;
    }
    const topic = log.topics[i];
    if (topic === undefined) {
      return false;
    }
    const wanted = Array.isArray(position) ? position : [position];
    if (!wanted.some((t) => same(t, topic))) {
      return false;
    }
  }
  return true;
}
