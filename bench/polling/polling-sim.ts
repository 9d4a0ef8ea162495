/**
 * Polling policy benchmark in virtual time: `npm run bench:polling -- [--sources 500] [--interval 60s]
 * [--days 2] [--warmup-days 14] [--seed 7] [--json]`.
 *
 * Simulated outlets publish the way outlets do: mean rates log-uniform over two orders of magnitude
 * (0.1–10 items an hour), a day/night cycle in each outlet's own zone (night at a fifth of the day rate), and
 * bursts (about one a day per outlet, 30 minutes at six times the rate). The same publication schedule is polled
 * twice: fixed polling at the configured interval, and raqib's adaptive policy (src/operate/poll-interval-policy.ts,
 * re-planned every 10 minutes from rate models learned on what it has seen, as the adapt-polling job does). Prints
 * requests made, publication → first sight p50/p95 overall and for the busiest tenth of outlets, and the WebSub
 * outlets' p95. The simulation is bench/polling/simulate.ts; `npm run fit:polling` fits the policy's parameters
 * on it (training seeds) and reports them on other seeds.
 *
 * What this measures is the polling policy alone: the time an item waits until a crawl sees it. The full
 * pipeline's latency adds fetch, extraction and delivery (`npm run bench:pipeline`, which polls at fixed
 * intervals). Virtual time, so a run of days takes seconds.
 */
import { parseArgs } from 'node:util';
import { parseDurationMs } from '../../src/config/duration.js';
import { simulatePolling } from './simulate.js';

const { values } = parseArgs({
  options: {
    sources: { type: 'string', default: '500' },
    interval: { type: 'string', default: '60s' },
    days: { type: 'string', default: '2' },
    'warmup-days': { type: 'string', default: '14' },
    replan: { type: 'string', default: '10m' },
    websub: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
  },
});

const sourceCount = Number(values.sources);
const baseMs = parseDurationMs(values.interval);
const evalDays = Number(values.days);
const out = simulatePolling({
  sources: sourceCount,
  baseMs,
  evalDays,
  warmupDays: Number(values['warmup-days']),
  replanMs: parseDurationMs(values.replan),
  websubShare: Number(values.websub),
  seed: Number(values.seed),
});
if (values.json) {
  console.log(JSON.stringify(out, null, 2));
} else {
  const f = (n: number) => n.toFixed(1).padStart(8);
  console.log(
    `polling benchmark: ${sourceCount} outlets (${out.websubOutlets} with a WebSub hub), ${evalDays} days, configured interval ${
      baseMs / 1000
    } s (virtual time)`,
  );
  console.log('policy      requests   items  pub→sight p50   p95  busiest tenth p50   p95');
  for (const [name, s] of [
    ['fixed', out.fixed],
    ['adaptive', out.adaptive],
  ] as const)
    console.log(
      `${name.padEnd(10)}${String(s.requests).padStart(10)}${String(s.items).padStart(8)}${f(s.p50)}${f(s.p95)}${f(
        s.busyP50,
      )}${f(s.busyP95)}`,
    );
  console.log(
    `requests adaptive/fixed ${(out.adaptive.requests / out.fixed.requests).toFixed(3)}; p95 adaptive/fixed ${(
      out.adaptive.p95 / out.fixed.p95
    ).toFixed(3)}; WebSub outlets p95 (adaptive) ${out.adaptive.pushP95.toFixed(1)} s`,
  );
}
