/**
 * The browser layer's address guard: chromium sends every request through this local proxy (`--proxy-server`,
 * loopback included), so every request a page makes — subresources, fetch/XHR, iframes, WebSockets, and each
 * redirect hop of any of them — connects through the same address guard as the HTTP client. The check runs in the
 * proxy's own DNS lookup (the address checked is the address connected to, so DNS rebinding cannot slip past it),
 * and on IP literals before connecting. A refused request gets 403 (plain http) or a failed tunnel (https, wss).
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { connect, isIP, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createGuardedLookup, isNonPublicAddress, type TrustedCheck } from '../http/address-guard.js';

export interface GuardProxyOptions {
  isTrusted: TrustedCheck;
  /** Read per request: a source with `allowPrivateAddresses` turns the guard off for its render. */
  allowPrivate: () => boolean;
  /** Called with each refused request (`host:port` and why). */
  onBlocked: (target: string, why: string) => void;
}

export interface GuardProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = ['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive'];

/** The refusal for an IP literal, or undefined when it may be connected to (host names are checked at lookup). */
function literalRefusal(host: string, port: number, opts: GuardProxyOptions): string | undefined {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 0 || opts.allowPrivate()) return undefined;
  return isNonPublicAddress(bare) && !opts.isTrusted(bare, port)
    ? `${bare} is a non-public address`
    : undefined;
}

function lookupFor(port: number, opts: GuardProxyOptions) {
  return opts.allowPrivate() ? undefined : createGuardedLookup(opts.isTrusted, port);
}

function forward(req: IncomingMessage, res: ServerResponse, opts: GuardProxyOptions): void {
  let target: URL;
  try {
    target = new URL(req.url ?? '');
  } catch {
    res.writeHead(400).end('raqib browser proxy: absolute URL expected');
    return;
  }
  if (target.protocol !== 'http:') {
    res.writeHead(403).end('raqib browser proxy: only http is proxied without CONNECT');
    return;
  }
  const port = Number(target.port || 80);
  const refused = literalRefusal(target.hostname, port, opts);
  if (refused) {
    opts.onBlocked(target.host, refused);
    res.writeHead(403, { 'content-type': 'text/plain' }).end(`raqib: ${refused}`);
    return;
  }
  const headers = { ...req.headers };
  for (const name of HOP_BY_HOP) delete headers[name];
  const upstream = httpRequest({
    host: target.hostname.replace(/^\[|\]$/g, ''),
    port,
    path: `${target.pathname}${target.search}`,
    method: req.method,
    headers,
    lookup: lookupFor(port, opts),
  });
  upstream.on('response', (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_RAQIB_PRIVATE_ADDRESS') opts.onBlocked(target.host, error.message);
    if (!res.headersSent) res.writeHead(code === 'ERR_RAQIB_PRIVATE_ADDRESS' ? 403 : 502);
    res.end();
  });
  req.pipe(upstream);
}

function tunnel(req: IncomingMessage, client: Duplex, head: Buffer, opts: GuardProxyOptions): void {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(req.url ?? '');
  const host = match?.[1] ?? '';
  const port = Number(match?.[2] ?? 0);
  const refuse = (why: string) => {
    opts.onBlocked(`${host}:${port}`, why);
    client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  };
  if (!match || port <= 0 || port > 65535) return refuse('not a host:port');
  const refused = literalRefusal(host, port, opts);
  if (refused) return refuse(refused);
  const lookup = lookupFor(port, opts);
  const upstream: Socket = connect({ host, port, ...(lookup ? { lookup } : {}) });
  upstream.once('connect', () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  client.once('close', () => upstream.destroy());
  upstream.on('error', (error) => {
    if ((error as { code?: string }).code === 'ERR_RAQIB_PRIVATE_ADDRESS') return refuse(error.message);
    client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
  });
  client.on('error', () => upstream.destroy());
}

/** Start the proxy on a free loopback port. */
export async function startGuardProxy(opts: GuardProxyOptions): Promise<GuardProxy> {
  const server: Server = createServer((req, res) => forward(req, res, opts));
  // Tunnels leave the server's connection tracking: closed here on `close()`.
  const tunnels = new Set<Duplex>();
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    tunnels.add(client);
    client.once('close', () => tunnels.delete(client));
    tunnel(req, client, head, opts);
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const client of tunnels) client.destroy();
      }),
  };
}
