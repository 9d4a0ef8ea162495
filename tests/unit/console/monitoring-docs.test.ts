/**
 * docs/prometheus-alerts.yaml, docs/grafana-dashboard.json and docs/monitoring.md name only metrics the app
 * registers (histograms with their _bucket/_sum/_count series), and monitoring.md lists every raqib_* metric.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from '../../../src/app/metrics/metrics.js';

const METRIC_NAME = /\b((?:raqib|process|nodejs)_[a-z0-9_]*[a-z0-9])\b/g;

function metricNames(text: string): Set<string> {
  return new Set([...text.matchAll(METRIC_NAME)].map((m) => m[1]!));
}

async function registeredSeries(): Promise<{ series: Set<string>; families: string[] }> {
  const metrics = createMetrics({ defaultMetrics: true });
  const json = await metrics.registry.getMetricsAsJSON();
  const series = new Set<string>();
  for (const m of json) {
    series.add(m.name);
    if (String(m.type) === 'histogram' || String(m.type) === 'summary')
      for (const suffix of ['_bucket', '_sum', '_count']) series.add(`${m.name}${suffix}`);
  }
  return { series, families: json.map((m) => m.name) };
}

interface AlertFile {
  groups: Array<{ name: string; rules: Array<{ alert: string; expr: string; for?: string }> }>;
}
interface GrafanaFile {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
}

const alerts = parse(readFileSync('docs/prometheus-alerts.yaml', 'utf8')) as AlertFile;
const grafana = JSON.parse(readFileSync('docs/grafana-dashboard.json', 'utf8')) as GrafanaFile;
const guide = readFileSync('docs/monitoring.md', 'utf8');

describe('monitoring docs name real metrics', () => {
  it('every alert rule names only registered metrics', async () => {
    const { series } = await registeredSeries();
    const rules = alerts.groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThanOrEqual(5);
    for (const rule of rules) {
      const names = metricNames(rule.expr);
      expect(names.size, `${rule.alert} names no metric`).toBeGreaterThan(0);
      for (const name of names) expect(series, `${rule.alert}: ${name}`).toContain(name);
    }
  });

  it('every Grafana panel query names only registered metrics', async () => {
    const { series } = await registeredSeries();
    expect(grafana.panels.length).toBeGreaterThanOrEqual(5);
    for (const panel of grafana.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) {
        const names = metricNames(target.expr);
        expect(names.size, `${panel.title} names no metric`).toBeGreaterThan(0);
        for (const name of names) expect(series, `${panel.title}: ${name}`).toContain(name);
      }
    }
  });

  it('the guide names only registered metrics and lists every raqib metric', async () => {
    const { series, families } = await registeredSeries();
    for (const name of metricNames(guide)) expect(series, name).toContain(name);
    for (const family of families.filter((f) => f.startsWith('raqib_')))
      expect(guide, family).toContain(`\`${family}\``);
  });

  it('the name extractor finds names in PromQL and ignores look-alikes', () => {
    expect([
      ...metricNames(
        'time() - max by (source) (raqib_source_last_success_timestamp_seconds) > 6 * 3600 and rate(raqib_x_bucket[5m])',
      ),
    ]).toEqual(['raqib_source_last_success_timestamp_seconds', 'raqib_x_bucket']);
    expect([...metricNames('`process_*`, `nodejs_*`, raqibian_total, my_raqib_total')]).toEqual([]);
  });
});
