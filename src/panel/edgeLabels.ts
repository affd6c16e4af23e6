/**
 * Where the band's edge labels go, in px along the band: each centred under its edge, pushed apart just
 * enough not to overlap (in order, a gap between them) and kept inside the band. When they cannot all
 * fit, only the outer two are kept, then none: a label never covers another (the tooltip has them all).
 */
export interface LabelToPlace {
  /** The edge's position, px from the band's left. */
  at: number;
  /** The label's width, px. */
  width: number;
}

function fit(labels: readonly LabelToPlace[], total: number, gap: number): number[] | undefined {
  const lefts = labels.map((label) => Math.min(Math.max(label.at - label.width / 2, 0), total - label.width));
  for (let i = 1; i < lefts.length; i++) {
    lefts[i] = Math.max(lefts[i], lefts[i - 1] + labels[i - 1].width + gap);
  }
  const last = lefts.length - 1;
  lefts[last] = Math.min(lefts[last], total - labels[last].width);
  for (let i = last - 1; i >= 0; i--) {
    lefts[i] = Math.min(lefts[i], lefts[i + 1] - gap - labels[i].width);
  }
  return lefts[0] >= 0 ? lefts : undefined;
}

/** The left of each label in px, or undefined for a label left out. */
export function placeLabels(labels: readonly LabelToPlace[], total: number, gap: number): Array<number | undefined> {
  if (labels.length === 0) {
    return [];
  }
  const all = fit(labels, total, gap);
  if (all) {
    return all;
  }
  if (labels.length > 2) {
    const outer = fit([labels[0], labels[labels.length - 1]], total, gap);
    if (outer) {
      return labels.map((_, i) => (i === 0 ? outer[0] : i === labels.length - 1 ? outer[1] : undefined));
    }
  }
  return labels.map(() => undefined);
}
