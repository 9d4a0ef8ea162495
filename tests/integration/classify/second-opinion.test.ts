import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTopics } from '../../../src/classify/load-topics.js';
import { createSecondOpinion, parseVerdict } from '../../../src/classify/second-opinion.js';
import type { Classification } from '../../../src/shared/types.js';

const topic = loadTopics(join(import.meta.dirname, '../../../topics')).find((t) => t.id === 'iraq-drawdown')!;
const nearThreshold = (score: number): Classification => ({
  topicId: topic.id,
  score,
  decision: score >= topic.thresholds.alert ? 'alert' : 'digest',
  reasons: [{ kind: 'threshold', label: 'threshold: rule', weight: 0 }],
});

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let server: Server;
let baseUrl: string;
let handler: Handler;
let requests: { auth: string | undefined; body: string }[];

beforeEach(async () => {
  requests = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ auth: req.headers.authorization, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const answer =
  (content: string): Handler =>
  (_req, _body, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
  };

describe('second opinion against a fake OpenAI-compatible endpoint', () => {
  it('blends a verdict into a near-threshold score, sends the key, and caches per item and topic', async () => {
    handler = answer('Sure. {"relevant": true, "confidence": 0.9, "reason": "US forces leaving Iraq"}');
    const reviewer = createSecondOpinion({ baseUrl, model: 'fake', apiKey: 'sk-test' });
    const item = { id: 'item-1', text: 'some text', lang: 'en' };
    const first = await reviewer.review(item, topic, nearThreshold(0.5));
    expect(first.score).toBeCloseTo(0.7, 3);
    expect(first.decision).toBe('alert');
    expect(first.reasons.some((r) => r.kind === 'second-opinion' && r.label.includes('relevant'))).toBe(true);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.auth).toBe('Bearer sk-test');
    expect(JSON.parse(requests[0]!.body).model).toBe('fake');

    const second = await reviewer.review(item, topic, nearThreshold(0.5));
    expect(second.score).toBe(first.score);
    expect(second.reasons.some((r) => r.label.includes('cached'))).toBe(true);
    expect(requests).toHaveLength(1);
  });

  it('does not call the model far from the threshold', async () => {
    handler = answer('{"relevant": false, "confidence": 1}');
    const reviewer = createSecondOpinion({ baseUrl, model: 'fake' });
    const rule = nearThreshold(0.95);
    expect(await reviewer.review({ id: 'x', text: 't' }, topic, rule)).toBe(rule);
    expect(requests).toHaveLength(0);
  });

  it('falls back to the rule score on timeout and says so', async () => {
    handler = () => {
      /* never answers */
    };
    const reviewer = createSecondOpinion({ baseUrl, model: 'fake', timeoutMs: 200 });
    const rule = nearThreshold(0.55);
    const result = await reviewer.review({ id: 'slow', text: 't' }, topic, rule);
    expect(result.score).toBe(0.55);
    expect(result.decision).toBe(rule.decision);
    expect(result.reasons.at(-1)?.label).toMatch(/unavailable \(timeout after 200 ms\)/);
  });

  it('falls back on HTTP errors and on answers without a verdict, without caching them', async () => {
    handler = (_req, _body, res) => {
      res.statusCode = 500;
      res.end('boom');
    };
    const reviewer = createSecondOpinion({ baseUrl, model: 'fake' });
    const a = await reviewer.review({ id: 'e', text: 't' }, topic, nearThreshold(0.5));
    expect(a.reasons.at(-1)?.label).toContain('HTTP 500');
    handler = answer('I cannot decide.');
    const b = await reviewer.review({ id: 'e', text: 't' }, topic, nearThreshold(0.5));
    expect(b.reasons.at(-1)?.label).toContain('no verdict');
    expect(requests).toHaveLength(2);
  });
});

describe('parseVerdict', () => {
  it('reads string booleans, clamps confidence and strips control characters', () => {
    expect(parseVerdict('{"relevant":"false","confidence":7,"reason":"a\\u0000b"}', 'm')).toEqual({
      relevant: false,
      confidence: 1,
      reason: 'a b',
      model: 'm',
    });
    expect(parseVerdict('{"confidence": 0.3}', 'm')).toBeNull();
  });
});
