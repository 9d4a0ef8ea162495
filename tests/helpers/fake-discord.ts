/**
 * A fake Discord REST API for tests: a local HTTP server with the routes raqib uses, recording every request.
 * It can answer 429 (with Discord's real headers, per-route or global), 5xx (before or after creating the
 * message), slow responses and auth errors on demand, and implements `enforce_nonce`: the same author and
 * nonce within the window returns the original message instead of creating a second one.
 *
 * Routes (under `/api/v10`): POST/PATCH `/channels/:id/messages[/:mid]`, GET `/channels/:id`,
 * GET `/channels/:id/messages` (`?after=&limit=`, newest first, as Discord answers),
 * POST `/channels/:id/messages/:mid/threads`, POST `/channels/:id/threads` (forum post),
 * POST `/webhooks/:id/:token` (`?wait=true`, `?thread_id=`), PATCH `/webhooks/:id/:token/messages/:mid`,
 * GET `/webhooks/:id/:token`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bucketHeaders, rateLimited } from './fake-discord-headers.js';

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  /** Route template, e.g. `POST /channels/:id/messages`. */
  route: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | null;
  status: number;
  at: number;
}

export interface FakeMessage {
  id: string;
  channelId: string;
  /** Bot token or `webhook:<id>`: the nonce scope. */
  author: string;
  content: string;
  embeds: unknown[];
  allowedMentions: unknown;
  nonce: string | null;
  edits: number;
  createdAt: number;
}

/** One injected failure. Matching rules are consumed in order; `times` defaults to 1. */
export interface FailureRule {
  /** Only for requests on this route template (e.g. `POST /channels/:id/messages`) or path predicate. */
  match?: (req: { method: string; path: string; route: string }) => boolean;
  status?: 400 | 429 | 500 | 502 | 503 | 401 | 403 | 404;
  times?: number;
  /** Seconds for `Retry-After` on a 429. @defaultValue 1 */
  retryAfter?: number;
  /** A global 429 (`X-RateLimit-Global: true`, scope `global`). */
  global?: boolean;
  /** For 5xx: create the message first, then fail (the client cannot know it was posted). */
  afterCommit?: boolean;
  /** Discord JSON error code in the body (e.g. 50013 Missing Permissions). */
  code?: number;
  /** Handle the request (create the message), then drop the connection without an answer. */
  drop?: boolean;
}

export interface ChaosOptions {
  /** Probability of a 429 on message-creating or editing requests. */
  p429: number;
  /** Probability of a 500 (half of them after the message was created). */
  p500: number;
  /** Retry-After seconds for chaos 429s; a random choice per response. @defaultValue [0.05, 0.2] */
  retryAfter?: number[];
  /** Probability that a chaos 429 is global. @defaultValue 0.1 */
  pGlobal?: number;
  /** Probability that a write is handled (the message created) and its answer dropped. @defaultValue 0 */
  pDrop?: number;
  /** Probability that a chaos 429 has `X-RateLimit-Scope: shared` (a resource's limit, not the bot's). @defaultValue 0 */
  pShared?: number;
  /** Probability that a request (any method) is handled and its answer delayed by a time in `slowMs`. @defaultValue 0 */
  pSlow?: number;
  /** Delay range of a slow answer in ms (beyond the client's timeout the client sees no answer). @defaultValue [1000, 5000] */
  slowMs?: [number, number];
}

export interface FakeDiscord {
  /** REST base for discord.js (`rest.api`), e.g. `http://127.0.0.1:PORT/api`. */
  apiUrl: string;
  requests: RecordedRequest[];
  messages: Map<string, FakeMessage>;
  /** Threads started on messages or as forum posts: thread id → parent channel id. */
  threads: Map<string, string>;
  failNext(rule: FailureRule): void;
  setChaos(options: ChaosOptions | null): void;
  /** Delay every response by `ms` (after handling it). */
  setSlow(ms: number): void;
  /** How long `enforce_nonce` returns the first message for a repeated nonce (Discord: "a few minutes"). */
  setNonceWindow(ms: number): void;
  /** An outage: every request answers this status (or is dropped unanswered) until cleared with null. */
  setOutage(mode: 500 | 502 | 503 | 'drop' | null): void;
  /** Answer every request for this channel (or webhook id) with this status until cleared. */
  breakChannel(id: string, status: 401 | 403 | 404 | null): void;
  /** Messages created in a channel (thread ids count as channels). */
  messagesIn(channelId: string): FakeMessage[];
  close(): Promise<void>;
}

/** Start the fake on 127.0.0.1 (port 0). `botToken` is the only token accepted on bot routes. */
export async function startFakeDiscord(
  options: { botToken?: string; nonceWindowMs?: number } = {},
): Promise<FakeDiscord> {
  const botToken = options.botToken ?? 'FAKE-TOKEN';
  let nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;
  let outage: 500 | 502 | 503 | 'drop' | null = null;
  const requests: RecordedRequest[] = [];
  const messages = new Map<string, FakeMessage>();
  const threads = new Map<string, string>();
  const byNonce = new Map<string, FakeMessage>();
  const broken = new Map<string, number>();
  const rules: Array<FailureRule & { left: number }> = [];
  let chaos: ChaosOptions | null = null;
  let slowMs = 0;
  // Snowflakes as Discord makes them: the creation time (ms since 2015) in the top bits, so `after=` works.
  let lastId = 0n;
  const snowflake = () => {
    const timed = BigInt(Date.now() - 1_420_070_400_000) << 22n;
    lastId = timed > lastId ? timed : lastId + 1n;
    return String(lastId);
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: String(error), code: 0 });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    // eslint-disable-next-line no-useless-assignment -- stays null for an unparsable body
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const path = url.pathname.replace(/^\/api\/v\d+/, '');
    const route = `${method} ${templateOf(path)}`;
    const record: RecordedRequest = {
      method,
      path,
      route,
      query: Object.fromEntries(url.searchParams),
      body,
      authorization: req.headers.authorization ?? null,
      status: 0,
      at: Date.now(),
    };
    requests.push(record);
    // A slow answer: handled at once (the message exists), answered late.
    const [slowMin, slowMax] = chaos?.slowMs ?? [1000, 5000];
    const lateMs =
      chaos && Math.random() < (chaos.pSlow ?? 0) ? slowMin + Math.random() * (slowMax - slowMin) : 0;
    const reply = async (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (slowMs + lateMs > 0) await new Promise((r) => setTimeout(r, slowMs + lateMs));
      send(res, status, payload, { ...bucketHeaders(route), ...headers });
    };

    if (outage === 'drop') {
      record.status = -1;
      req.socket.destroy();
      return;
    }
    if (outage !== null) return reply(outage, { message: `${outage}: Server Error`, code: 0 });
    // Injected failures come first: Discord rate-limits before looking at the request.
    const rule = takeRule({ method, path, route });
    if (rule?.drop) {
      // Created, then the answer is lost: the client sees a reset connection.
      return routeRequest({ method, path, url, body, auth: record.authorization }, async (status) => {
        record.status = status;
        req.socket.destroy();
      });
    }
    if (rule?.status === 429) return reply(...rateLimited(rule.retryAfter ?? 1, rule.global ?? false, route));
    const isWrite = method === 'POST' || method === 'PATCH';
    if (!rule && chaos && isWrite) {
      const roll = Math.random();
      if (roll < chaos.p429) {
        const choices = chaos.retryAfter ?? [0.05, 0.2];
        const after = choices[Math.floor(Math.random() * choices.length)] ?? 0.1;
        const scope = Math.random() < (chaos.pGlobal ?? 0.1) ? 'global' : 'user';
        const shared = scope === 'user' && Math.random() < (chaos.pShared ?? 0);
        return reply(...rateLimited(after, scope === 'global', route, shared));
      }
      if (roll < chaos.p429 + chaos.p500 + (chaos.pDrop ?? 0) && roll >= chaos.p429 + chaos.p500) {
        return routeRequest({ method, path, url, body, auth: record.authorization }, async (status) => {
          record.status = status;
          req.socket.destroy();
        });
      }
      if (roll < chaos.p429 + chaos.p500) {
        if (Math.random() < 0.5) return reply(500, { message: '500: Internal Server Error', code: 0 });
        return routeRequest(
          { method, path, url, body, auth: record.authorization },
          async (status, payload) =>
            status < 300
              ? reply(500, { message: '500: Internal Server Error', code: 0 })
              : reply(status, payload),
        );
      }
    }
    const status = rule?.status;
    if (status && status >= 500) {
      if (!rule.afterCommit) return reply(status, { message: `${status}: Server Error`, code: 0 });
      return routeRequest({ method, path, url, body, auth: record.authorization }, async () =>
        reply(status, { message: `${status}: Server Error`, code: 0 }),
      );
    }
    if (rule?.status) return reply(rule.status, { message: errorMessage(rule.status), code: rule.code ?? 0 });
    return routeRequest({ method, path, url, body, auth: record.authorization }, reply);
  }

  type Reply = (status: number, payload: unknown) => Promise<void>;
  interface Ctx {
    method: string;
    path: string;
    url: URL;
    body: unknown;
    auth: string | null;
  }

  async function routeRequest(ctx: Ctx, reply: Reply): Promise<void> {
    const parts = ctx.path.split('/').filter(Boolean);
    if (parts[0] === 'channels') {
      if (ctx.auth !== `Bot ${botToken}`) return reply(401, { message: '401: Unauthorized', code: 0 });
      const channelId = parts[1] ?? '';
      const status = broken.get(channelId) ?? broken.get(threads.get(channelId) ?? '');
      if (status) return reply(status, { message: errorMessage(status), code: errorCode(status) });
      if (ctx.method === 'GET' && parts.length === 2) {
        const parent = threads.get(channelId);
        return reply(200, { id: channelId, type: parent ? 11 : 0, name: 'fake', parent_id: parent ?? null });
      }
      if (parts[2] === 'messages' && parts.length === 3 && ctx.method === 'GET') {
        const after = BigInt(ctx.url.searchParams.get('after') ?? '0');
        const limit = Math.min(100, Math.max(1, Number(ctx.url.searchParams.get('limit') ?? 50)));
        const found = [...messages.values()]
          .filter((m) => m.channelId === channelId && BigInt(m.id) > after)
          .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
          .slice(0, limit)
          .reverse()
          .map(toApi);
        return reply(200, found);
      }
      if (parts[2] === 'messages' && parts.length === 3 && ctx.method === 'POST') {
        return reply(...createMessage(channelId, `bot:${botToken}`, ctx.body));
      }
      if (parts[2] === 'messages' && parts.length === 4 && ctx.method === 'PATCH') {
        return reply(...editMessage(channelId, parts[3] ?? '', ctx.body));
      }
      if (parts[2] === 'messages' && parts[4] === 'threads' && ctx.method === 'POST') {
        const message = messages.get(parts[3] ?? '');
        if (!message || message.channelId !== channelId)
          return reply(404, { message: 'Unknown Message', code: 10008 });
        // As Discord: one thread per message (code 160004 for a second one).
        if (threads.has(message.id))
          return reply(400, { message: 'A thread has already been created for this message', code: 160004 });
        threads.set(message.id, channelId); // a thread started on a message has the message's id
        return reply(200, { id: message.id, type: 11, parent_id: channelId, name: nameOf(ctx.body) });
      }
      if (parts[2] === 'threads' && parts.length === 3 && ctx.method === 'POST') {
        const threadId = snowflake();
        threads.set(threadId, channelId);
        const starter = (ctx.body as { message?: unknown } | null)?.message ?? {};
        const [status, message] = createMessage(threadId, `bot:${botToken}`, starter, threadId);
        if (status !== 200) return reply(status, message);
        return reply(200, { id: threadId, type: 11, parent_id: channelId, name: nameOf(ctx.body), message });
      }
    }
    if (parts[0] === 'webhooks' && parts.length >= 3) {
      const webhookId = parts[1] ?? '';
      const status = broken.get(webhookId);
      if (status)
        return reply(status, { message: errorMessage(status), code: status === 404 ? 10015 : 50013 });
      const threadId = ctx.url.searchParams.get('thread_id');
      const channelId = threadId ?? `webhook-channel-${webhookId}`;
      if (ctx.method === 'GET' && parts.length === 3)
        return reply(200, { id: webhookId, type: 1, channel_id: channelId });
      if (ctx.method === 'POST' && parts.length === 3) {
        const [code, message] = createMessage(channelId, `webhook:${webhookId}`, ctx.body);
        return reply(ctx.url.searchParams.get('wait') === 'true' || code !== 200 ? code : 204, message);
      }
      if (ctx.method === 'PATCH' && parts[3] === 'messages') {
        return reply(...editMessage(null, parts[4] ?? '', ctx.body));
      }
    }
    return reply(404, { message: '404: Not Found', code: 0 });
  }

  function createMessage(
    channelId: string,
    author: string,
    body: unknown,
    forcedId?: string,
  ): [number, unknown] {
    const input = (body ?? {}) as Record<string, unknown>;
    const nonce =
      typeof input.nonce === 'string' || typeof input.nonce === 'number' ? String(input.nonce) : null;
    if (nonce !== null && nonce.length > 25) return [400, { message: 'Invalid Form Body', code: 50035 }];
    if (nonce !== null && input.enforce_nonce === true) {
      const previous = byNonce.get(`${author}\u0000${nonce}`);
      if (previous && Date.now() - previous.createdAt < nonceWindowMs) return [200, toApi(previous)];
    }
    const message: FakeMessage = {
      id: forcedId ?? snowflake(),
      channelId,
      author,
      content: typeof input.content === 'string' ? input.content : '',
      embeds: Array.isArray(input.embeds) ? input.embeds : [],
      allowedMentions: input.allowed_mentions ?? null,
      nonce,
      edits: 0,
      createdAt: Date.now(),
    };
    if (!message.content && message.embeds.length === 0)
      return [400, { message: 'Cannot send an empty message', code: 50006 }];
    messages.set(message.id, message);
    if (nonce !== null) byNonce.set(`${author}\u0000${nonce}`, message);
    return [200, toApi(message)];
  }

  function editMessage(channelId: string | null, messageId: string, body: unknown): [number, unknown] {
    const message = messages.get(messageId);
    if (!message || (channelId !== null && message.channelId !== channelId)) {
      return [404, { message: 'Unknown Message', code: 10008 }];
    }
    const input = (body ?? {}) as Record<string, unknown>;
    if ('content' in input) message.content = typeof input.content === 'string' ? input.content : '';
    if (Array.isArray(input.embeds)) message.embeds = input.embeds;
    message.edits += 1;
    return [200, toApi(message)];
  }

  function takeRule(req: { method: string; path: string; route: string }): FailureRule | undefined {
    const index = rules.findIndex((r) => !r.match || r.match(req));
    const rule = rules[index];
    if (!rule) return undefined;
    rule.left -= 1;
    if (rule.left <= 0) rules.splice(index, 1);
    return rule;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    requests,
    messages,
    threads,
    failNext: (rule) => rules.push({ ...rule, left: rule.times ?? 1 }),
    setChaos: (options) => {
      chaos = options;
    },
    setSlow: (ms) => {
      slowMs = ms;
    },
    setNonceWindow: (ms) => {
      nonceWindowMs = ms;
    },
    setOutage: (mode) => {
      outage = mode;
    },
    breakChannel: (id, status) => {
      if (status === null) broken.delete(id);
      else broken.set(id, status);
    },
    messagesIn: (channelId) => [...messages.values()].filter((m) => m.channelId === channelId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function toApi(message: FakeMessage): Record<string, unknown> {
  return {
    id: message.id,
    type: 0,
    channel_id: message.channelId,
    content: message.content,
    embeds: message.embeds,
    author: { id: '1100000000000000001', username: 'raqib', discriminator: '0', avatar: null, bot: true },
    timestamp: new Date(message.createdAt).toISOString(),
    edited_timestamp: message.edits > 0 ? new Date().toISOString() : null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    pinned: false,
    ...(message.nonce === null ? {} : { nonce: message.nonce }),
  };
}

function templateOf(path: string): string {
  return path.replace(/\/webhooks\/\d+\/[^/]+/, '/webhooks/:id/:token').replace(/\/\d{5,}/g, '/:id');
}

function errorMessage(status: number): string {
  return (
    { 401: '401: Unauthorized', 403: 'Missing Permissions', 404: 'Unknown Channel' }[status] ??
    `${status}: Error`
  );
}

function errorCode(status: number): number {
  return { 401: 0, 403: 50013, 404: 10003 }[status] ?? 0;
}

function nameOf(body: unknown): string {
  const name = (body as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : 'thread';
}

function send(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  if (status === 204) {
    res.writeHead(204, headers).end();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(payload));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export { discordLimitViolations } from './discord-limits.js';
