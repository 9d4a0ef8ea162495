/** A small server-rendered SVG bar chart: one bar per hour, oldest on the left. No script, no library. */
import { html, type Html } from './html.js';

export interface HourlyChartOptions {
  barWidth?: number;
  height?: number;
}

/**
 * Place per-hour counts (keyed by the hour's start, epoch ms) into `hours` slots ending with the hour that
 * contains `now`. Counts outside the window are ignored.
 */
export function hourlySeries(counts: Map<number, number>, now: Date, hours: number): number[] {
  const currentHour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  const series: number[] = [];
  for (let i = hours - 1; i >= 0; i--) series.push(counts.get(currentHour - i * 3_600_000) ?? 0);
  return series;
}

export function hourlyChart(series: number[], options: HourlyChartOptions = {}): Html {
  const barWidth = options.barWidth ?? 3;
  const height = options.height ?? 32;
  const width = series.length * barWidth;
  const peak = Math.max(1, ...series);
  const total = series.reduce((a, b) => a + b, 0);
  const label = `${total} items in the last ${series.length} h; peak ${Math.max(0, ...series)} per hour`;
  const bars = series.map((count, i) => {
    if (count === 0) return '';
    const h = Math.max(1, Math.round((count / peak) * (height - 2)));
    return html`<rect x="${i * barWidth}" y="${height - h}" width="${Math.max(1, barWidth - 1)}" height="${h}"
      ><title>${count}</title></rect
    >`;
  });
  // Day boundaries (every 24 bars from the right) help reading the chart.
  const ticks = [];
  for (let i = series.length - 24; i > 0; i -= 24)
    ticks.push(html`<line class="axis" x1="${i * barWidth}" x2="${i * barWidth}" y1="0" y2="${height}" />`);
  return html`<svg
    class="chart"
    role="img"
    aria-label="${label}"
    width="${width}"
    height="${height}"
    viewBox="0 0 ${width} ${height}"
    xmlns="http://www.w3.org/2000/svg"
  >
    <title>${label}</title>
    <line class="axis" x1="0" x2="${width}" y1="${height - 0.5}" y2="${height - 0.5}" />
    ${ticks}${bars}
  </svg>`;
}
