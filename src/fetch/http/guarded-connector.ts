/**
 * An undici `connect` function whose DNS lookup refuses non-public addresses (see `address-guard.ts`). It knows the
 * port being connected to, so a trusted entry that carries a port (`127.0.0.1:8080`) is honoured on that port only.
 * One undici connector per port is kept, so TLS session reuse still works.
 */
import { buildConnector } from 'undici';
import { createGuardedLookup, type TrustedCheck } from './address-guard.js';

export function createGuardedConnector(isTrusted: TrustedCheck, timeoutMs: number): buildConnector.connector {
  const byPort = new Map<number, buildConnector.connector>();
  return (options, callback) => {
    const port = options.port ? Number(options.port) : options.protocol === 'https:' ? 443 : 80;
    let connector = byPort.get(port);
    if (!connector) {
      connector = buildConnector({ timeout: timeoutMs, lookup: createGuardedLookup(isTrusted, port) });
      byPort.set(port, connector);
    }
    connector(options, callback);
  };
}
