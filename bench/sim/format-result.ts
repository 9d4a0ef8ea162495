/** The text `npm run bench:pipeline` prints for its runs (benchmark helper). */
import type { Spread } from './bench-metrics.js';
import type { BenchResult } from './run-bench.js';

function slope(x: number | null): string {
  return x === null ? '–' : `${x >= 0 ? '+' : ''}${x} MB/h`;
}

export function format(r: BenchResult): string {
  const s = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);
  const line = (label: string, x: Spread) =>
    `  ${label.padEnd(30)} p50 ${s(x.p50).padStart(8)}  p95 ${s(x.p95).padStart(8)}  max ${s(x.max).padStart(8)}  (n=${x.n})`;
  const o = r.options;
  const c = r.counts;
  return [
    `raqib pipeline benchmark — ${o.policy} polling, ${o.sources} sources (configured every ${o.intervalMs / 1000} s), ` +
      `~${o.rate} items/min (${o.schedule} schedule) for ${o.minutes} min, ${o.workers} worker process(es), ${o.database}`,
    ...(r.plan
      ? [
          `  adaptive plan at the start of publishing: ${r.plan.sources} sources, intervals ${r.plan.minSeconds}–` +
            `${r.plan.maxSeconds} s (median ${r.plan.medianSeconds} s); ${r.historyItems} history items seeded`,
        ]
      : r.historyItems > 0
        ? [`  ${r.historyItems} history items seeded (as for the adaptive run)`]
        : []),
    `  warm-up ${r.warmupSeconds.toFixed(0)} s (every feed fetched once after ${r.firstCrawlSeconds?.toFixed(0) ?? '–'} s; ` +
      `${r.warmupPages} article pages; feeds started with ${o.initialItems ?? 5} items aged ` +
      `${((o.initialAgeMs?.[0] ?? 0) / 3600_000).toFixed(0)}–${((o.initialAgeMs?.[1] ?? 0) / 3600_000).toFixed(0)} h); measured ${r.measuredSeconds.toFixed(0)} s (publishing ` +
      `${r.publishSeconds.toFixed(0)} s + drain)`,
    `  throughput while publishing: ${r.throughput.articlePagesPerMinute} article pages/min for ` +
      `${r.throughput.publishedPerMinute} items published/min` +
      (o.articleDelayMs ? ` (every article page answered ${o.articleDelayMs} ms late)` : ''),
    'latency',
    line('publication → first sight', r.latencyMs.publicationToFirstSight),
    line('first sight → Discord post', r.latencyMs.firstSightToPost),
    line('publication → Discord post', r.latencyMs.publicationToPost),
    ...(r.busiest
      ? [
          line('busiest tenth: pub. → sight', r.busiest.publicationToFirstSight),
          line('busiest tenth: pub. → post', r.busiest.publicationToPost),
        ]
      : []),
    ...(r.websub
      ? [
          `WebSub outlets (${r.websub.hubOutlets} advertise the simulated hub; ` +
            (r.websub.subscribed
              ? `${r.websub.activeAtStart} subscribed when publishing started)`
              : 'no PUBLIC_URL: polled like the others)'),
          line('  pub. → first sight', r.websub.publicationToFirstSight),
          line('  pub. → Discord post', r.websub.publicationToPost),
          `  hub                            ${r.websub.hubRequests} requests to the hub ` +
            `(${r.websub.hubRequestsWhilePublishing} while publishing), ${r.websub.verified} verified, ` +
            `${r.websub.pushes} pushes (${r.websub.pushesFailed} not accepted); feed requests to these outlets ` +
            `while publishing ${r.websub.feedRequestsWhilePublishing}`,
        ]
      : []),
    '  first sight → post, split at the page request:',
    line('  sight → page request', r.sightBreakdown.toPageRequest),
    line('  page request', r.sightBreakdown.pageRequest),
    line('  page answered → post', r.sightBreakdown.pageToPost),
    'outlets (measured at the simulated outlets)',
    `  requests per host per minute   max ${r.hosts.maxPerHostPerMinute}, mean ${r.hosts.meanPerHostPerMinute.toFixed(2)}`,
    `  pacing                         min gap ${r.hosts.minStartGapMs ?? '–'} ms (min delay ${o.minDelayMs} ms), ` +
      `${r.hosts.pacingViolations} violations, ${r.hosts.visitFollowUps} page requests as one visit with their feed ` +
      `request, max in flight per host ${r.hosts.maxInFlight}`,
    `  requests while publishing      feed ${r.requestsWhilePublishing.feed}, all ${r.requestsWhilePublishing.all}`,
    `  requests                       ${Object.entries(r.hosts.byKind)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; ` +
      `status ${Object.entries(r.hosts.statuses)
        .map(([k, v]) => `${k}×${v}`)
        .join(' ')}`,
    'resources (all worker processes)',
    `  CPU                            ${r.cpu.secondsPerMinute} s per minute (${(r.cpu.shareOfOneCore * 100).toFixed(1)}% ` +
      `of one core; per worker ${r.cpu.perWorkerSecondsPerMinute.join(', ')})`,
    `  memory                         peak RSS ${r.memory.peakRssMb} MB (per worker ` +
      `${r.memory.peakRssPerWorkerMb.join(', ')} MB); heap after GC ${r.memory.heapStartMb} → ` +
      `${r.memory.heapEndMb} MB (${r.memory.heapGrowthMb >= 0 ? '+' : ''}${r.memory.heapGrowthMb} MB)`,
    `  heap slope                     ${slope(r.memory.heapSlopeMbPerHour)} overall, ` +
      `${slope(r.memory.heapSlopeSecondHalfMbPerHour)} in the second half; story index ` +
      `${r.memory.storyItemsStart} → ${r.memory.storyItemsEnd} items (window ` +
      `${o.storyWindowMs ? `${o.storyWindowMs / 60_000} min` : '72 h'})`,
    `  heap after GC (s: MB)          ${r.memory.heapSeries.map((h) => `${h.atSeconds.toFixed(0)}: ${h.heapMb}`).join(', ')}`,
    ...r.memory.snapshots.map((f) => `  heap snapshot                  ${f}`),
    'items',
    `  published ${c.published} (on-topic ${c.topical}); alerted ${c.alerted}; joined an alerted story ${c.joined}; ` +
      `classified below alert ${c.belowAlert}; merged into an unalerted story ${c.mergedUnalerted}`,
    `  missed ${c.missed} (never seen ${c.neverSeen}, not stored ${c.notStored}, alert not posted ${c.alertNotPosted}); ` +
      `duplicated ${c.duplicated}; off-topic alerted ${c.offTopicAlerted}; Discord messages ${c.discordMessages}`,
    ...(r.logsDir ? [`  worker logs: ${r.logsDir}`] : []),
  ].join('\n');
}

/** One row per run: the figures issue 23 compares between fixed and adaptive polling. */
export function comparison(results: readonly BenchResult[]): string {
  const s = (ms: number | null) => (ms === null ? '–' : (ms / 1000).toFixed(1));
  const pair = (x: Spread | undefined) => `${s(x?.p50 ?? null)} / ${s(x?.p95 ?? null)}`.padStart(13);
  const header =
    'policy     feed req.  all req.  pub→post p50/p95  busiest p50/p95  WebSub p50/p95  hub req.  sight→post p95  ' +
    'missed  dup.  pacing  CPU % core  peak RSS/worker MB';
  const rows = results.map((r) =>
    [
      r.options.policy.padEnd(9),
      String(r.requestsWhilePublishing.feed).padStart(10),
      String(r.requestsWhilePublishing.all).padStart(9),
      pair(r.latencyMs.publicationToPost).padStart(18),
      pair(r.busiest?.publicationToPost).padStart(16),
      pair(r.websub?.publicationToPost).padStart(15),
      String(r.websub?.hubRequests ?? '–').padStart(9),
      s(r.latencyMs.firstSightToPost.p95).padStart(15),
      String(r.counts.missed).padStart(7),
      String(r.counts.duplicated).padStart(5),
      String(r.hosts.pacingViolations).padStart(7),
      (r.cpu.shareOfOneCore * 100).toFixed(1).padStart(11),
      `  ${r.memory.peakRssPerWorkerMb.join(', ')}`,
    ].join(' '),
  );
  const [a, b] = results;
  const ratio =
    a && b && a.requestsWhilePublishing.feed > 0
      ? [
          `adaptive/fixed: feed requests ${(b.requestsWhilePublishing.feed / a.requestsWhilePublishing.feed).toFixed(3)}, ` +
            `pub→post p95 ${((b.latencyMs.publicationToPost.p95 ?? NaN) / (a.latencyMs.publicationToPost.p95 ?? NaN)).toFixed(3)}, ` +
            `busiest tenth p95 ${((b.busiest?.publicationToPost.p95 ?? NaN) / (a.busiest?.publicationToPost.p95 ?? NaN)).toFixed(3)}, ` +
            `WebSub outlets p95 ${((b.websub?.publicationToPost.p95 ?? NaN) / (a.websub?.publicationToPost.p95 ?? NaN)).toFixed(3)}`,
        ]
      : [];
  return [
    'comparison (same publication schedule; seconds; requests while publishing)',
    header,
    ...rows,
    ...ratio,
  ].join('\n');
}
