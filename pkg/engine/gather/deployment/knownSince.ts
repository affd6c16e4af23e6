/**
 * What is known of each contract (or venue, by a key of its own) across one data source's queries:
 * the lowest block it was seen to have code (to answer) at, and the highest it was seen without. Code,
 * once deployed, stays, so a later query needs no read where these settle it, and once a search has
 * found the first block, none at all. Without it every alert evaluation would re-ask a dozen
 * eth_getCode, and a range longer than the contracts' age would search again each time.
 */
export interface KnownSince {
  /** true or false where the known blocks settle it, else undefined. */
  at(key: string, block: bigint): boolean | undefined;
  record(key: string, block: bigint, holds: boolean): void;
}

export function createKnownSince(): KnownSince {
  const holding = new Map<string, bigint>();
  const failing = new Map<string, bigint>();
  return {
    at: (key, block) => {
      const lowestHolding = holding.get(key);
      if (lowestHolding !== undefined && block >= lowestHolding) {
        return true;
      }
      const highestFailing = failing.get(key);
      return highestFailing !== undefined && block <= highestFailing ? false : undefined;
    },
    record: (key, block, holds) => {
      const known = (holds ? holding : failing).get(key);
      if (known === undefined || (holds ? block < known : block > known)) {
        (holds ? holding : failing).set(key, block);
      }
    },
  };
}

/** `holds`, answered from `known` where it can be, and remembered there. */
export function remembered(
  known: KnownSince,
  key: string,
  holds: (block: bigint) => Promise<boolean>
): (block: bigint) => Promise<boolean> {
  return async (block) => {
    const settled = known.at(key, block);
    if (settled !== undefined) {
      return settled;
    }
    const answer = await holds(block);
    known.record(key, block, answer);
    return answer;
  };
}
