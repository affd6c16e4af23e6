/**
 * Imported first by main.ts, for its effect: before any library loads, the executable replaces itself
 * with a copy of itself that runs with glibc's malloc tuned (why: mallocTunables.ts). The first image
 * does as little as possible, so the handshake comes only a Node start later.
 */
import { accessSync, constants } from 'node:fs';
import { isSea } from 'node:sea';

import { RESTARTED_MARK, restartPlan } from './mallocTunables';

function restartTuned(): string {
  const plan = restartPlan({
    env: process.env,
    platform: process.platform,
    isSea: isSea(),
    canExecve: typeof process.execve === 'function',
  });
  if (!plan.restart) {
    if (plan.tuned) {
      // Ours, not the plugin's children's (it starts none today; a future one should get the defaults).
      delete process.env.GLIBC_TUNABLES;
      delete process.env[RESTARTED_MARK];
    }
    return plan.why;
  }
  try {
    // Node aborts the process when the execve system call itself fails, so check what can be checked.
    accessSync(process.execPath, constants.X_OK);
    // Does not return: the same pid now runs the same executable from its start.
    process.execve?.(process.execPath, [process.execPath, ...process.argv.slice(2)], plan.env);
  } catch (error) {
    return `malloc not tuned: cannot restart (${error instanceof Error ? error.message : String(error)})`;
  }
  return 'malloc not tuned: execve returned';
}

/** How this process's malloc is set up, for main.ts's first log line. */
export const mallocNote = restartTuned();
