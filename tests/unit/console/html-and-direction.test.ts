import { describe, expect, it } from 'vitest';
import { hourlyChart, hourlySeries } from '../../../src/console/web/hourly-chart.js';
import { html, raw, safeHref } from '../../../src/console/web/html.js';
import { localized, textDirection } from '../../../src/console/web/text-dir.js';

describe('dashboard HTML helpers', () => {
  it('escapes interpolated text and attributes, but not nested html', () => {
    const title = '<img src=x onerror="alert(1)"> & \'q\'';
    // prettier-ignore
    const out = html`<a title="${title}">${title}</a>${html`<b>${'x'}</b>`}${raw('<i>ok</i>')}${[1, null, false, 'y']}`;
    expect(out.value).toBe(
      '<a title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;">' +
        '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;</a><b>x</b><i>ok</i>1y',
    );
  });

  it('links only to http(s)', () => {
    expect(safeHref('javascript:alert(1)')).toBe('#');
    expect(safeHref('data:text/html,x')).toBe('#');
    expect(safeHref('https://www.alsumaria.tv/news/1')).toBe('https://www.alsumaria.tv/news/1');
  });

  it('marks Arabic text right-to-left from its language, stored direction or letters', () => {
    expect(textDirection('x', 'ar')).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(textDirection('انسحاب القوات', 'en')).toEqual({ lang: 'en', dir: 'ltr' });
    expect(textDirection('CNN: انسحاب', null, 'rtl')).toEqual({ lang: undefined, dir: 'rtl' });
    expect(textDirection('انسحاب القوات الأمريكية', null)).toEqual({ lang: undefined, dir: 'rtl' });
    expect(textDirection('US troops leave', null)).toEqual({ lang: undefined, dir: 'ltr' });
    expect(textDirection('Ain al-Asad عين الأسد', null).dir).toBe('auto');
    expect(localized('انسحاب <القوات>', { lang: 'ar', className: 'headline', role: 'headline' }).value).toBe(
      '<span lang="ar" dir="rtl" class="headline" data-role="headline">انسحاب &lt;القوات&gt;</span>',
    );
  });

  it('charts items per hour in the right slots', () => {
    const now = new Date('2026-03-01T12:30:00Z');
    const hour = (iso: string) => Date.parse(iso);
    const series = hourlySeries(
      new Map([
        [hour('2026-03-01T12:00:00Z'), 4],
        [hour('2026-03-01T10:00:00Z'), 2],
        [hour('2026-02-20T10:00:00Z'), 9],
      ]),
      now,
      24,
    );
    expect(series).toHaveLength(24);
    expect(series[23]).toBe(4);
    expect(series[21]).toBe(2);
    expect(series.reduce((a, b) => a + b, 0)).toBe(6);
    const svg = hourlyChart(series).value;
    expect(svg).toMatch(/^<svg\s/);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('6 items in the last 24 h; peak 4 per hour');
  });
});
