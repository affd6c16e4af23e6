/**
 * A seeded random source. The demo world must be the same world on every start (a restart replays
 * the simulation, and the ledger's expectations must hold), so nothing in the simulation may call
 * Math.random.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  normal(): number;
  /** Poisson-distributed count with mean `mean`. */
  poisson(mean: number): number;
  /** Log-normal with the given median and log-space standard deviation. */
  logNormal(median: number, sigma: number): number;
  pick<T>(items: readonly T[]): T;
  /** A child stream, so adding draws in one part of the simulation does not shift another's. */
  fork(label: string): Random;
}

// sfc32: small, fast and well distributed; state from a string hash of seed + label.
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export function seededRandom(seed: string | number, label = ''): Random {
  const next = sfc32(...hashSeed(`${seed}/${label}`));
  for (let i = 0; i < 12; i++) {
    next();
  }
  const random: Random = {
    next,
    normal() {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    poisson(mean) {
      // Knuth's method: means here are small (RFQs per block).
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    logNormal(median, sigma) {
      return median * Math.exp(sigma * random.normal());
    },
    pick(items) {
      return items[Math.floor(next() * items.length)];
    },
    fork(child) {
      return seededRandom(seed, `${label}/${child}`);
    },
  };
  return random;
}
