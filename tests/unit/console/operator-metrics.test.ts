/** Discord call counters (posts, edits, failures by status class, 429s with Retry-After), source gauges, digests. */
import { describe, expect, it } from 'vitest';
import { discordCallResult, withDiscordMetrics } from '../../../src/app/metrics/discord-metrics.js';
import { createMetrics } from '../../../src/app/metrics/metrics.js';
import type { ChannelConfig } from '../../../src/config/channels.js';
import type { DiscordSender, SendResult } from '../../../src/deliver/discord/discord-sender.js';

const channel = (id: string) => ({ id }) as ChannelConfig;
const message = { messageId: 'm1', messageChannelId: 'c1' };

/** A sender whose calls answer, in order, with the given results. */
function scriptedSender(results: Array<SendResult<unknown>>): DiscordSender {
  const next = async <T>() => {
    const result = results.shift();
    if (!result) throw new Error('no more scripted results');
    return result as SendResult<T>;
  };
  return {
    post: () => next(),
    edit: () => next(),
    startThread: () => next(),
    postToThread: () => next(),
    checkChannel: () => next(),
    close: async () => undefined,
  };
}

const ok = <T>(value: T): SendResult<T> => ({ ok: true, value });
const fail = (failure: Extract<SendResult<unknown>, { ok: false }>['failure']): SendResult<never> => ({
  ok: false,
  failure,
});

describe('Discord metrics', () => {
  it('the wrapper passes on every method of the sender it wraps, optional ones included, with their arguments', async () => {
    const calls: unknown[][] = [];
    const inner: DiscordSender = {
      ...scriptedSender([]),
      edit: async (...args: unknown[]) => (calls.push(['edit', ...args]), ok(undefined)),
      findPosted: async (...args: unknown[]) => (
        calls.push(['findPosted', ...args]),
        ok({ kind: 'absent' as const })
      ),
    };
    const wrapped = withDiscordMetrics(inner, createMetrics());
    expect(Object.keys(wrapped).sort()).toEqual(Object.keys(inner).sort());
    const since = new Date(0);
    expect(await wrapped.findPosted!(channel('iraq-ar'), 'raqib-abc', since)).toEqual(ok({ kind: 'absent' }));
    await wrapped.edit(channel('iraq-ar'), message, { content: 'x' } as never, { view: undefined });
    expect(calls).toEqual([
      ['findPosted', channel('iraq-ar'), 'raqib-abc', since],
      ['edit', channel('iraq-ar'), message, { content: 'x' }, { view: undefined }],
    ]);
    // A sender without the optional lookup stays without it (callers test for its presence).
    expect(withDiscordMetrics(scriptedSender([]), createMetrics()).findPosted).toBeUndefined();
  });

  it('classifies failures: 429 apart, 4xx, 5xx, network', () => {
    expect(discordCallResult(ok(undefined))).toEqual({ ok: true });
    expect(discordCallResult(fail({ kind: 'rate-limited', retryAfterMs: 2500, global: false }))).toEqual({
      ok: false,
      rateLimited: true,
      retryAfterSeconds: 2.5,
      global: false,
    });
    for (const [reason, statusClass] of [
      ['403 Missing Access (code 50001)', '4xx'],
      ['404 Unknown Channel (code 10003)', '4xx'],
      ['400 Invalid Form Body (code 50035)', '4xx'],
      ['502 Bad Gateway', '5xx'],
      ['500 Internal Server Error (code 0)', '5xx'],
      ['AbortError: This operation was aborted', 'network'],
      ['Error: read ECONNRESET', 'network'],
      ['ConnectTimeoutError: 4000 ms', 'network'],
    ] as const) {
      for (const kind of ['retryable', 'channel-broken', 'rejected'] as const)
        expect(discordCallResult(fail({ kind, reason })), `${kind} ${reason}`).toEqual({
          ok: false,
          statusClass,
        });
    }
  });

  it('counts posts, edits, failures and 429s per channel through the sender wrapper', async () => {
    const metrics = createMetrics();
    const sender = withDiscordMetrics(
      scriptedSender([
        ok(message),
        ok(message),
        ok(undefined),
        fail({ kind: 'rate-limited', retryAfterMs: 3000, global: false }),
        fail({ kind: 'rate-limited', retryAfterMs: 120_000, global: true }),
        fail({ kind: 'channel-broken', reason: '403 Missing Access (code 50001)' }),
        fail({ kind: 'retryable', reason: '503 Service Unavailable' }),
        fail({ kind: 'message-missing', reason: '404 Unknown Message (code 10008)' }),
        ok(message),
      ]),
      metrics,
    );
    const payload = { content: 'x' } as never;
    await sender.post(channel('iraq-ar'), payload, 'n1');
    await sender.post(channel('iraq-en'), payload, 'n2');
    await sender.edit(channel('iraq-ar'), message, payload);
    await sender.post(channel('iraq-ar'), payload, 'n3');
    await sender.edit(channel('iraq-en'), message, payload);
    await sender.post(channel('iraq-ar'), payload, 'n4');
    await sender.post(channel('iraq-en'), payload, 'n5');
    await sender.edit(channel('iraq-ar'), message, payload);
    await sender.postToThread('t1', payload, 'n6');
    const { body } = await metrics.render();
    expect(body).toContain('raqib_discord_posts_total{channel="iraq-ar"} 1');
    expect(body).toContain('raqib_discord_posts_total{channel="iraq-en"} 1');
    expect(body).toContain('raqib_discord_posts_total{channel="thread"} 1');
    expect(body).toContain('raqib_discord_edits_total{channel="iraq-ar"} 1');
    expect(body).toContain('raqib_discord_rate_limited_total{channel="iraq-ar",op="post",global="false"} 1');
    expect(body).toContain('raqib_discord_rate_limited_total{channel="iraq-en",op="edit",global="true"} 1');
    expect(body).toContain('raqib_discord_retry_after_seconds_bucket{le="5",channel="iraq-ar"} 1');
    expect(body).toContain('raqib_discord_retry_after_seconds_bucket{le="60",channel="iraq-en"} 0');
    expect(body).toContain('raqib_discord_retry_after_seconds_sum{channel="iraq-en"} 120');
    expect(body).toContain('raqib_discord_failures_total{channel="iraq-ar",op="post",status_class="4xx"} 1');
    expect(body).toContain('raqib_discord_failures_total{channel="iraq-en",op="post",status_class="5xx"} 1');
    expect(body).toContain('raqib_discord_failures_total{channel="iraq-ar",op="edit",status_class="4xx"} 1');
    expect(body).toContain('raqib_discord_requests_total{channel="iraq-ar",op="post",result="429"} 1');
    // A 429 is not a failure.
    expect(body).not.toMatch(/raqib_discord_failures_total\{[^}]*status_class="429"/);
  });
});

describe('source gauges and digest counters', () => {
  it('reads last success, paused and failures at scrape time', async () => {
    const metrics = createMetrics();
    let rows = [
      { id: 'alsumaria', paused: false, lastSuccessAt: '2025-09-10T12:00:00.000Z', consecutiveFailures: 0 },
      { id: 'rudaw-en', paused: true, lastSuccessAt: null, consecutiveFailures: 10 },
    ];
    let loads = 0;
    metrics.watchSources(async () => {
      loads++;
      return rows;
    });
    let { body } = await metrics.render();
    expect(body).toContain(
      `raqib_source_last_success_timestamp_seconds{source="alsumaria"} ${Date.parse('2025-09-10T12:00:00Z') / 1000}`,
    );
    expect(body).not.toContain('raqib_source_last_success_timestamp_seconds{source="rudaw-en"}');
    expect(body).toContain('raqib_source_paused{source="alsumaria"} 0');
    expect(body).toContain('raqib_source_paused{source="rudaw-en"} 1');
    expect(body).toContain('raqib_source_consecutive_failures{source="rudaw-en"} 10');
    expect(loads).toBe(1); // one read serves the three gauges
    rows = [{ id: 'rudaw-en', paused: false, lastSuccessAt: null, consecutiveFailures: 0 }];
    await new Promise((r) => setTimeout(r, 5));
    ({ body } = await metrics.render());
    expect(body).toContain('raqib_source_paused{source="rudaw-en"} 0');
    expect(body).not.toContain('source="alsumaria"');
  });

  it('leaves the gauges out when the database is unreachable', async () => {
    const metrics = createMetrics();
    metrics.watchSources(async () => {
      throw new Error('connection refused');
    });
    const { body } = await metrics.render();
    expect(body).not.toMatch(/raqib_source_paused\{/);
  });

  it('counts digests per channel and outcome', async () => {
    const metrics = createMetrics();
    for (const [ch, outcome] of [
      ['iraq-ar', 'sent'],
      ['iraq-ar', 'sent'],
      ['iraq-en', 'failed'],
      ['iraq-en', 'empty'],
    ] as const)
      metrics.digestFinished(ch, outcome);
    const { body } = await metrics.render();
    expect(body).toContain('raqib_digests_total{channel="iraq-ar",outcome="sent"} 2');
    expect(body).toContain('raqib_digests_total{channel="iraq-en",outcome="failed"} 1');
    expect(body).toContain('raqib_digests_total{channel="iraq-en",outcome="empty"} 1');
  });
});
