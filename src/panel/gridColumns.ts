/** How many cards of at least `minWidth` fit a row of `width` with `gap` between them, and how wide each is. */
export function gridColumns(width: number, minWidth: number, gap: number): { columns: number; cardWidth: number } {
  const columns = Math.max(1, Math.floor((width + gap) / (minWidth + gap)));
  return { columns, cardWidth: Math.floor((width - gap * (columns - 1)) / columns) };
}
