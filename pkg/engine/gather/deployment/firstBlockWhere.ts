/** Binary search for the first block of a property that, once it holds, keeps holding. */
/**
 * The first block in (from, to] at which `holds`, given it fails at `from` and holds at `to`, and that
 * once it holds it keeps holding (code, once deployed, stays; a market, once set up, stays readable).
 */
export async function firstBlockWhere(
  holds: (block: bigint) => Promise<boolean>,
  from: bigint,
  to: bigint
): Promise<bigint> {
  let failing = from;
  let holding = to;
  while (holding - failing > 1n) {
    const middle = failing + (holding - failing) / 2n;
    if (await holds(middle)) {
      holding = middle;
    } else {
      failing = middle;
    }
  }
  return holding;
}

/** The first block in [from, to] at which `holds`, if it holds at `to`; undefined if not even there. */
export async function firstWhere(
  holds: (block: bigint) => Promise<boolean>,
  from: bigint,
  to: bigint
): Promise<bigint | undefined> {
  if (await holds(from)) {
    return from;
  }
  return (await holds(to)) ? firstBlockWhere(holds, from, to) : undefined;
}
