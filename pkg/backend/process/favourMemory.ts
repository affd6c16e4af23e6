/**
 * V8's --optimize-for-size, set once the plugin is serving. It keeps the old generation's limit close
 * to its live set and the optimised code small: answering every KPI over 30 days peaked ~20 MiB lower,
 * for queries ~10–20 % slower (docs/backend-memory.md). Set in the executable's own flags, it would slow
 * every start by ~40 ms (the start compiles more under it), and the handshake has a budget (issue 5).
 *
 * Node keeps V8's flags writable after start for exactly this (v8.setFlagsFromString); this flag is
 * read as V8 goes (at each collection's sizing, at each optimising compile), so setting it late only
 * means the start itself ran without it.
 */
import { setFlagsFromString } from 'node:v8';

export const MEMORY_FLAG = '--optimize-for-size';

export function favourMemory(): void {
  setFlagsFromString(MEMORY_FLAG);
}
