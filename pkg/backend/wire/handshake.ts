/**
 * hashicorp/go-plugin's side of the start, as Grafana configures it: the magic cookie says Grafana
 * started us; we listen on a unix socket in a fresh temporary folder (under PLUGIN_UNIX_SOCKET_DIR
 * when set) and print exactly one line on stdout, `1|2|unix|<path>|grpc` (core protocol 1, app
 * protocol 2, network, address, protocol). Anything else on stdout would break the handshake.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const MAGIC_COOKIE_KEY = 'grafana_plugin_type';
export const MAGIC_COOKIE_VALUE = 'datasource';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 2;

export class HandshakeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandshakeError';
  }
}

/** Throws HandshakeError, with a message for a person, when this process was not started as Grafana starts plugins. */
export function checkEnvironment(env: NodeJS.ProcessEnv): void {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new HandshakeError(
      'This is the PMM Monitor data source backend, a Grafana plugin: Grafana starts it, it is not run by hand. ' +
        `(${MAGIC_COOKIE_KEY}=${MAGIC_COOKIE_VALUE} is not set.)`
    );
  }
  const versions = env.PLUGIN_PROTOCOL_VERSIONS;
  if (
    versions &&
    !versions
      .split(',')
      .map((v) => v.trim())
      .includes(String(APP_PROTOCOL_VERSION))
  ) {
    throw new HandshakeError(
      `Grafana offers plugin protocol versions ${versions}; this backend speaks version ${APP_PROTOCOL_VERSION} only.`
    );
  }
  if (env.PLUGIN_CLIENT_CERT) {
    throw new HandshakeError(
      'Grafana asked for mutual TLS (PLUGIN_CLIENT_CERT is set), which this backend does not support.'
    );
  }
}

export interface SocketPlace {
  /** The socket's path (not yet created: the server binds it). */
  socketPath: string;
  /** Removes the socket and its folder. Safe to call more than once. */
  remove(): void;
}

/** A fresh folder for the socket: PLUGIN_UNIX_SOCKET_DIR in container mode, else the system's temp folder. */
export function socketPlace(env: NodeJS.ProcessEnv): SocketPlace {
  const parent = env.PLUGIN_UNIX_SOCKET_DIR || tmpdir();
  const dir = mkdtempSync(path.join(parent, 'pmm-plugin-'));
  const socketPath = path.join(dir, 'plugin.sock');
  return {
    socketPath,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function handshakeLine(socketPath: string): string {
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|unix|${socketPath}|grpc\n`;
}
