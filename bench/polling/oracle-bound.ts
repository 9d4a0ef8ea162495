/**
 * How far polling alone can go on the simulated outlets: `npx tsx bench/polling/oracle-bound.ts [--sources 1000]
 * [--seed 1] [--busy-deadline 13] [--deadline 28]`. An oracle that knows every outlet's rate at every hour (no
 * learning error, no bursts) spends one day's request budget of fixed 60 s polling (WebSub outlets: one safety poll
 * every 15 min) where it removes the most late items: the busiest tenth first down to the busy deadline (all but
 * its quietest hours, which may hold its 5 % of late items), then the others, by rate × hour, down to the overall deadline; the rest at the slowest interval. With a poll every T, an
 * item waits uniformly in [0, T], so the share later than D is 1 − D/T. Prints the share of items later than each
 * deadline: above 5 %, a p95 at that deadline is out of reach for any polling policy at this budget.
 * Same outlet model as bench/polling/simulate.ts (rates log-uniform over 100×, night at a fifth of the day rate,
 * five zones, a fifth of outlets pushed).
 */
import { parseArgs } from 'node:util';
import { seededRng } from '../sim/article-text.js';

const { values } = parseArgs({
  options: {
    sources: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    deadline: { type: 'string', default: '28' },
    'busy-deadline': { type: 'string', default: '13' },
    'slowest-s': { type: 'string', default: '1800' },
    websub: { type: 'string', default: '0.2' },
  },
});
const n = Number(values.sources);
const d1 = Number(values.deadline);
const d2 = Number(values['busy-deadline']);
const rMin = 1 / Number(values['slowest-s']);
const rng = seededRng(Number(values.seed));
const zones = [3, 1, -5, 0, 4];
const shape = (utcHour: number, zone: number) => {
  const h = (((utcHour + zone) % 24) + 24) % 24;
  return (h >= 8 && h < 22 ? 1 : 0.2) / (16 / 24);
};
const mean = Array.from({ length: n }, () => 0.1 * Math.pow(100, rng()));
const pushed = mean.map(() => rng() < Number(values.websub));
const busyCut = [...mean].sort((a, b) => b - a)[Math.max(0, Math.floor(n / 10) - 1)]!;

interface Cell {
  rate: number;
  source: number;
  poll: number;
}
const cells: Cell[] = [];
for (let h = 0; h < 24; h += 1)
  for (let i = 0; i < n; i += 1)
    if (!pushed[i])
      cells.push({ rate: mean[i]! * shape(h, zones[i % zones.length]!), source: i, poll: rMin });
// Requests per second × hours: fixed polling's, less the pushed outlets' safety polls and every cell's minimum.
let budget = 24 * (n / 60 - pushed.filter(Boolean).length / 900) - cells.length * rMin;
const byRate = [...cells].sort((a, b) => b.rate - a.rate);
// The busiest tenth may have 5 % of its items late: its quietest cells, up to what leaves 5 % later than the busy
// deadline when polled at the overall one, skip the busy tier.
const busyCells = byRate.filter((c) => mean[c.source]! >= busyCut);
const busyTotal = busyCells.reduce((a, c) => a + c.rate, 0);
let spare = (0.05 * busyTotal) / (1 - d2 / d1);
const skipBusy = new Set<Cell>();
for (const cell of [...busyCells].reverse()) {
  if (cell.rate > spare) break;
  spare -= cell.rate;
  skipBusy.add(cell);
}
for (const cell of byRate)
  if (mean[cell.source]! >= busyCut && !skipBusy.has(cell) && budget >= 1 / d2 - rMin) {
    cell.poll = 1 / d2;
    budget -= 1 / d2 - rMin;
  }
for (const cell of byRate)
  if (cell.poll === rMin && budget >= 1 / d1 - rMin) {
    cell.poll = 1 / d1;
    budget -= 1 / d1 - rMin;
  }
let all = 0;
let late = 0;
let busy = 0;
let busyLate = 0;
for (let h = 0; h < 24; h += 1)
  for (let i = 0; i < n; i += 1) all += mean[i]! * shape(h, zones[i % zones.length]!);
for (const cell of cells) {
  late += cell.rate * Math.max(0, 1 - d1 * cell.poll);
  if (mean[cell.source]! >= busyCut) {
    busy += cell.rate;
    busyLate += cell.rate * Math.max(0, 1 - d2 * cell.poll);
  }
}
console.log(
  `oracle polling, ${n} outlets (${pushed.filter(Boolean).length} pushed), one day's budget of fixed 60 s polling: ` +
    `${((100 * late) / all).toFixed(1)} % of all items later than ${d1} s, ` +
    `${((100 * busyLate) / Math.max(busy, 1e-9)).toFixed(1)} % of the busiest tenth's later than ${d2} s ` +
    `(a p95 within the deadline needs ≤ 5 %)`,
);
