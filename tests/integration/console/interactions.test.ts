/**
 * The feedback routes on a Hono app over PGlite: Discord's interactions endpoint (Ed25519 signatures made in the
 * test with a fresh key pair from node:crypto) and the operator's POST /feedback/:itemId.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { Hono } from 'hono';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountFeedbackRoutes, mountInteractions } from '../../../src/console/feedback/interactions-route.js';
import { renderFeedbackForm, renderSilentPanel } from '../../../src/console/feedback/feedback-dashboard.js';
import { createDashboardApp } from '../../../src/console/web/app.js';
import type { DashboardDeps } from '../../../src/console/web/dashboard-types.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { listItemFeedback, listLabelledItems } from '../../../src/store/feedback-repo.js';
import { insertItem } from '../../../src/store/items-repo.js';

const logger = pino({ level: 'silent' });

function keyPair(): { publicHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicHex: der.subarray(der.length - 32).toString('hex'), privateKey };
}

function signedRequest(
  body: object,
  privateKey: KeyObject,
  timestamp = String(Math.floor(Date.now() / 1000)),
) {
  const raw = JSON.stringify(body);
  const signature = sign(null, Buffer.from(timestamp + raw), privateKey).toString('hex');
  return new Request('http://127.0.0.1/interactions', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': signature,
      'x-signature-timestamp': timestamp,
    },
    body: raw,
  });
}

const click = (customId: string, userId = '222333444555666777') => ({
  type: 3,
  id: '1',
  application_id: '2',
  token: 't',
  data: { custom_id: customId, component_type: 2 },
  member: { user: { id: userId, username: 'subscriber' } },
});

describe('feedback routes', () => {
  let db: Db;
  let app: Hono;
  const { publicHex, privateKey } = keyPair();

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    const url = 'https://example.org/news/1';
    await insertItem(db, {
      id: 'it-1',
      sourceId: 'src',
      url,
      canonicalUrl: url,
      guid: null,
      title: 'US troops leave Ain al-Asad',
      text: 'US troops complete withdrawal from Ain al-Asad air base.',
      lead: null,
      author: null,
      imageUrl: null,
      language: 'en',
      dir: 'ltr',
      publishedAt: '2025-08-23T10:00:00Z',
      modifiedAt: null,
      contentHash: 'h',
      topicId: 'iraq-drawdown',
      score: 0.9,
      decision: 'alert',
      reasons: [],
      dropReason: null,
      storyId: null,
      duplicateOf: null,
    });
    app = new Hono();
    mountInteractions(app, { db, logger, discordPublicKey: publicHex });
    mountFeedbackRoutes(app, { db, logger });
  });
  afterAll(async () => {
    await db.close();
  });

  it('rejects a forged request (signed with another key) with 401 and stores nothing', async () => {
    const forger = keyPair();
    const res = await app.request(signedRequest(click('fb:rel:it-1'), forger.privateKey));
    expect(res.status).toBe(401);
    expect(await listItemFeedback(db, 'it-1')).toEqual([]);
  });

  it('rejects a request whose body was changed after signing, and one without a signature', async () => {
    const good = signedRequest(click('fb:irr:it-1'), privateKey);
    const tampered = new Request(good.url, {
      method: 'POST',
      headers: good.headers,
      body: JSON.stringify(click('fb:rel:it-1')),
    });
    expect((await app.request(tampered)).status).toBe(401);
    const unsigned = await app.request('/interactions', {
      method: 'POST',
      body: JSON.stringify({ type: 1 }),
    });
    expect(unsigned.status).toBe(401);
    expect(await listItemFeedback(db, 'it-1')).toEqual([]);
  });

  it('answers a signed PING with PONG', async () => {
    const res = await app.request(
      signedRequest({ type: 1, id: '1', application_id: '2', token: 't' }, privateKey),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('stores the label of a signed button click and replies ephemerally; a second click replaces it', async () => {
    const res = await app.request(signedRequest(click('fb:rel:it-1'), privateKey));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: number; data: { flags: number; content: string } };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    let labels = await listItemFeedback(db, 'it-1');
    expect(labels).toMatchObject([
      { itemId: 'it-1', label: 'relevant', source: 'discord', userId: '222333444555666777' },
    ]);

    await app.request(signedRequest(click('fb:irr:it-1'), privateKey));
    labels = await listItemFeedback(db, 'it-1');
    expect(labels).toHaveLength(1);
    expect(labels[0]?.label).toBe('not_relevant');
  });

  it('stores nothing for a click on an item raqib does not have', async () => {
    const res = await app.request(signedRequest(click('fb:rel:it-missing'), privateKey));
    expect(res.status).toBe(200);
    expect(await listItemFeedback(db, 'it-missing')).toEqual([]);
  });

  it('answers 404 when no public key is configured', async () => {
    const bare = new Hono();
    mountInteractions(bare, { db, logger });
    expect((await bare.request(signedRequest({ type: 1 }, privateKey))).status).toBe(404);
  });

  it('lets an operator label an item and refuses bad labels, unknown items and cross-origin posts', async () => {
    const ok = await app.request('/feedback/it-1', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'label=relevant&user=amal',
    });
    expect(ok.status).toBe(200);
    const labels = await listItemFeedback(db, 'it-1');
    expect(labels.map((l) => `${l.source}/${l.userId}/${l.label}`).sort()).toEqual([
      'discord/222333444555666777/not_relevant',
      'operator/operator:amal/relevant',
    ]);
    const bad = await app.request('/feedback/it-1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'maybe' }),
    });
    expect(bad.status).toBe(400);
    const missing = await app.request('/feedback/it-nope', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'relevant' }),
    });
    expect(missing.status).toBe(404);
    const cross = await app.request('http://127.0.0.1:8787/feedback/it-1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', host: '127.0.0.1:8787' },
      body: JSON.stringify({ label: 'not_relevant' }),
    });
    expect(cross.status).toBe(403);
    const [summary] = await listLabelledItems(db);
    expect(summary).toMatchObject({ itemId: 'it-1', relevant: 1, notRelevant: 1 });
    expect(summary?.sources.sort()).toEqual(['discord', 'operator']);
  });

  it('on the dashboard app, /interactions needs no token but /feedback does', async () => {
    const deps = {
      db,
      logger,
      sources: new Map(),
      channels: [],
      now: () => new Date(),
    } as unknown as DashboardDeps;
    const dashboard = createDashboardApp(deps, {
      token: 'secret-token',
      publicRoutes: [(a) => mountInteractions(a, { db, logger, discordPublicKey: publicHex })],
      extraRoutes: [(a) => mountFeedbackRoutes(a, { db, logger })],
    });
    const ping = await dashboard.request(signedRequest({ type: 1 }, privateKey));
    expect(await ping.json()).toEqual({ type: 1 });
    const post = (auth?: string) =>
      dashboard.request('/feedback/it-1', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body: JSON.stringify({ label: 'relevant', user: 'noor' }),
      });
    expect((await post()).status).toBe(401);
    expect((await post('Bearer secret-token')).status).toBe(200);
    expect((await listItemFeedback(db, 'it-1')).some((l) => l.userId === 'operator:noor')).toBe(true);
  });

  it('renders the story buttons and the silent-sources panel with escaped text', () => {
    const form = renderFeedbackForm('it-1', [{ label: 'relevant', source: 'discord' }]).value;
    expect(form).toContain('action="/feedback/it-1"');
    expect(form).toContain('value="not_relevant"');
    expect(form).toContain('1 relevant · 0 not relevant');
    const panel = renderSilentPanel([
      {
        sourceId: 'x',
        kind: 'quiet',
        expectedPerHour: 2,
        observed: 0,
        expected: 20,
        since: '2025-09-10T02:00:00.000Z',
        probability: 2e-9,
        reason: '<script>0 items</script>',
      },
    ]).value;
    expect(panel).toContain('Silent sources (1)');
    expect(panel).not.toContain('<script>');
    expect(renderSilentPanel([]).value).toContain('No silent sources');
  });
});
