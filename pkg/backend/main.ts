/**
 * The PMM Monitor data source backend: Grafana starts this process (as a go-plugin plugin), reads
 * one handshake line from its stdout and talks gRPC over the unix socket that line names. stdout
 * carries that line and nothing else; everything else goes to stderr as hclog JSON lines.
 *
 * Runs as `npx tsx pkg/backend/main.ts` (with grafana_plugin_type=datasource) and is bundled by
 * esbuild into one CommonJS file: no top-level await, no files read at run time; the dynamic imports
 * (handlers, Arrow) have literal paths, so esbuild bundles them and only defers their evaluation.
 */
// First, before any library loads: this may replace the process with a tuned copy of itself.
import { mallocNote } from './process/restartTuned';

import { format } from 'node:util';

import { startPlugin, type RunningPlugin } from './plugin';
import { favourMemory } from './process/favourMemory';
import { checkEnvironment, HandshakeError } from './wire/handshake';
import { createLogger, parseLogLevel, type Logger } from './wire/log';
import { createRedactor } from './wire/redactor';

/** go-plugin kills a plugin 2 s after asking it to shut down: answer and leave well before. */
const SHUTDOWN_GRACE_MS = 250;

/** Any library that logs through console must not reach stdout: it would break the handshake. */
function routeConsole(log: Logger): void {
  const to =
    (write: (message: string) => void) =>
    (...args: unknown[]) =>
      write(format(...args));
  console.log = to(log.info);
  console.info = to(log.info);
  // eslint-disable-next-line no-console -- replacing console.debug (which writes to stdout) is the point
  console.debug = to(log.debug);
  console.warn = to(log.warn);
  console.error = to(log.error);
}

function main(): void {
  try {
    checkEnvironment(process.env);
  } catch (error) {
    if (error instanceof HandshakeError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const redactor = createRedactor();
  const log = createLogger({ redactor, level: parseLogLevel(process.env.PMM_BACKEND_LOG_LEVEL) ?? 'info' });
  routeConsole(log);

  let plugin: RunningPlugin | undefined;
  let exiting = false;
  const exit = (code: number, reason: string) => {
    if (exiting) {
      return;
    }
    exiting = true;
    log.info('stopping', { reason });
    plugin?.stop();
    process.exit(code);
  };
  /** Shutdown from the host: its answer leaves first (within SHUTDOWN_GRACE_MS), then the process ends. */
  const shutdown = () => {
    if (exiting) {
      return;
    }
    exiting = true;
    log.info('stopping', { reason: 'Shutdown' });
    void (plugin ? plugin.drain(SHUTDOWN_GRACE_MS) : Promise.resolve()).then(() => process.exit(0));
  };

  process.on('SIGTERM', () => exit(0, 'SIGTERM'));
  process.on('SIGINT', () => exit(0, 'SIGINT'));
  process.on('uncaughtException', (error) => {
    log.error('uncaught exception', { error: error.stack ?? error.message });
    exit(1, 'uncaught exception');
  });
  process.on('unhandledRejection', (reason) => {
    log.error('unhandled rejection', {
      error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason),
    });
  });

  startPlugin({ env: process.env, log, redactor, onShutdown: shutdown }).then(
    (running) => {
      plugin = running;
      log.info('PMM Monitor backend serving', {
        socket: running.socketPath,
        pid: process.pid,
        node: process.version,
        memory: mallocNote,
      });
      process.stdout.write(running.handshake);
      favourMemory();
    },
    (error: unknown) => {
      log.error('could not start', { error: error instanceof Error ? error.message : String(error) });
      exit(1, 'start failed');
    }
  );
}

main();
