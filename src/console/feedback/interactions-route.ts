/**
 * HTTP routes for relevance feedback, mounted on the dashboard's Hono app:
 *
 * - `POST /interactions` — Discord's interactions endpoint. Every request's Ed25519 signature is checked against
 *   DISCORD_PUBLIC_KEY (401 and nothing stored when it does not verify); PING is answered with PONG; a click on an
 *   alert's "relevant / not relevant" button stores the label and replies ephemerally. Needs no dashboard token
 *   (Discord cannot send one): the signature is the authentication.
 * - `POST /feedback/:itemId` — an operator marks an item (form or JSON field `label`: relevant | not_relevant;
 *   optional `user`; `back`, the dashboard page to return to after a form post, else /feedback). Behind the
 *   dashboard's own access control.
 */
import { verifyKey } from 'discord-interactions';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { z } from 'zod';
import { feedbackReplyText, parseFeedbackCustomId } from '../../deliver/discord/feedback-buttons.js';
import {
  ephemeralReply,
  InteractionKind,
  interactionSchema,
  interactionUserId,
  pongResponse,
} from '../../deliver/discord/interaction-payloads.js';
import type { Db } from '../../store/db.js';
import { listItemFeedback, saveFeedback } from '../../store/feedback-repo.js';

export interface FeedbackRouteDeps {
  db: Db;
  logger: Logger;
  /** DISCORD_PUBLIC_KEY (hex); without it `/interactions` answers 404. */
  discordPublicKey?: string | undefined;
}

/** Discord's interaction bodies are a few kilobytes; anything far larger is not one. */
const MAX_INTERACTION_BYTES = 64 * 1024;

/** Mount `POST /interactions`. */
export function mountInteractions(app: Hono, deps: FeedbackRouteDeps): void {
  // bodyLimit counts the stream as it arrives (a chunked body has no Content-Length), so no body over the cap is
  // ever held in memory before the signature check.
  const limit = bodyLimit({
    maxSize: MAX_INTERACTION_BYTES,
    onError: (c) => c.text('request body too large', 413),
  });
  app.post('/interactions', limit, async (c) => {
    const key = deps.discordPublicKey;
    if (!key) return c.json({ error: 'interactions are not configured (DISCORD_PUBLIC_KEY)' }, 404);
    const signature = c.req.header('x-signature-ed25519');
    const timestamp = c.req.header('x-signature-timestamp');
    const declared = Number(c.req.header('content-length') ?? 0);
    if (!signature || !timestamp || declared > MAX_INTERACTION_BYTES)
      return c.text('invalid request signature', 401);
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (raw.byteLength > MAX_INTERACTION_BYTES || !(await verifyKey(raw, signature, timestamp, key))) {
      deps.logger.warn('interaction with an invalid signature rejected');
      return c.text('invalid request signature', 401);
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      return c.text('not JSON', 400);
    }
    const parsed = interactionSchema.safeParse(body);
    if (!parsed.success) return c.text('not an interaction', 400);
    const interaction = parsed.data;
    if (interaction.type === InteractionKind.ping) return c.json(pongResponse);
    if (interaction.type !== InteractionKind.component)
      return c.json(ephemeralReply('raqib does not handle this interaction.'));
    const choice = parseFeedbackCustomId(interaction.data?.custom_id ?? '');
    const userId = interactionUserId(interaction);
    if (!choice || !userId) return c.json(ephemeralReply('raqib does not know this button.'));
    const stored = await saveFeedback(deps.db, {
      itemId: choice.itemId,
      label: choice.label,
      source: 'discord',
      userId,
    });
    deps.logger.info({ itemId: choice.itemId, label: choice.label, stored }, 'feedback from Discord');
    return c.json(ephemeralReply(feedbackReplyText(choice.label, stored)));
  });
}

const feedbackBody = z.object({
  label: z.enum(['relevant', 'not_relevant']),
  user: z.string().trim().min(1).max(100).optional(),
  /** The dashboard page the form was on (its forms send it: the pages send no Referer). */
  back: z.string().max(500).optional(),
});

/** A path on this dashboard ("/stories?x=1"), never another site ("//evil", "/\\evil", "https://…"). */
export function localPath(value: string | undefined): string | null {
  if (!value || !/^\/(?![/\\])[\x21-\x7e]*$/u.test(value)) return null;
  return value;
}

/** Mount `POST /feedback/:itemId` (and `GET` of an item's labels as JSON). */
export function mountFeedbackRoutes(app: Hono, deps: FeedbackRouteDeps): void {
  app.get('/feedback/:itemId', async (c) => c.json(await listItemFeedback(deps.db, c.req.param('itemId'))));
  app.post('/feedback/:itemId', async (c) => {
    if (!sameOrigin(c)) return c.text('cross-origin request refused', 403);
    const form = (c.req.header('content-type') ?? '').includes('application/json')
      ? await c.req.json().catch(() => null)
      : await c.req.parseBody().catch(() => null);
    const parsed = feedbackBody.safeParse(form ?? {});
    if (!parsed.success) return c.json({ error: 'label must be relevant or not_relevant' }, 400);
    const itemId = c.req.param('itemId');
    const stored = await saveFeedback(deps.db, {
      itemId,
      label: parsed.data.label,
      source: 'operator',
      userId: `operator:${parsed.data.user ?? 'dashboard'}`,
    });
    if (!stored) return c.json({ error: `no item ${itemId}` }, 404);
    deps.logger.info({ itemId, label: parsed.data.label }, 'feedback from the dashboard');
    if ((c.req.header('accept') ?? '').includes('text/html')) {
      const referer = c.req.header('referer');
      const back =
        localPath(parsed.data.back) ?? (referer && sameHost(referer, c) ? referer : null) ?? '/feedback';
      return c.redirect(back, 303);
    }
    return c.json({ ok: true, itemId, label: parsed.data.label });
  });
}

/**
 * A browser's form post from another site carries its Origin: refuse it (labels are cheap, but still). The
 * dashboard's own pages send `Origin: null` (their Referrer-Policy is no-referrer) with `Sec-Fetch-Site:
 * same-origin`, which no page can forge; a client without either (curl, a script) is not a browser being misused.
 */
function sameOrigin(c: Context): boolean {
  if (c.req.header('sec-fetch-site') === 'same-origin') return true;
  const origin = c.req.header('origin');
  return origin === undefined || origin === 'null' ? origin === undefined : sameHost(origin, c);
}

function sameHost(url: string, c: Context): boolean {
  try {
    return new URL(url).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}
