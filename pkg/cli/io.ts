/** Where a command writes: injected, so tests read what a user would see. */
export interface CliIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
}

/** Exit codes: 0 done, 1 the work failed, 2 the command line or a config was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
