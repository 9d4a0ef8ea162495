/**
 * `/sources/add`: the dashboard side of `raqib sources add`. A form takes an outlet's address; the post runs the
 * same discovery through the pipeline's HTTP client (robots.txt, politeness, host rules; private addresses are
 * refused) and shows each layer's entries, one extracted article and the YAML to save as `selectors/<id>.yaml`
 * (the dashboard never writes it: `selectors/` may be read-only where it runs).
 */
import type { Context, Hono } from 'hono';
import { discoverSource, type DiscoveryReport } from '../../../operate/discover-source.js';
import type { DashboardDeps, DashboardOptions } from '../dashboard-types.js';
import { absoluteTime } from '../format.js';
import { html, safeHref, type Html } from '../html.js';
import { layout, type NavLink } from '../layout.js';
import { isolate, localized } from '../text-dir.js';

export function mountAddSourcePage(
  app: Hono,
  deps: DashboardDeps,
  nav: NavLink[],
  testing: DashboardOptions['addSource'] = {},
): void {
  const page = (c: Context, body: Html, status: 200 | 400 | 503 = 200) =>
    c.html(layout({ title: 'Add a source', active: '/sources', nav, body }).value, status);
  app.get('/sources/add', (c) => page(c, addSourceForm(c.req.query('url') ?? '')));
  app.post('/sources/add', async (c) => {
    const form = await c.req.parseBody();
    const address = typeof form.url === 'string' ? form.url.trim().slice(0, 500) : '';
    const id = typeof form.id === 'string' && form.id.trim() ? form.id.trim().slice(0, 80) : undefined;
    if (!/^https?:\/\/[^\s/]+/i.test(address))
      return page(
        c,
        html`${addSourceForm(address)}
          <p class="error">Give the outlet's http(s) address.</p>`,
        400,
      );
    if (!deps.http)
      return page(
        c,
        html`${addSourceForm(address)}
          <p class="error">No HTTP client in this process.</p>`,
        503,
      );
    try {
      const report = await discoverSource(address, deps.http, {
        ...(id ? { id } : {}),
        ...(testing.allowPrivateAddresses ? { allowPrivateAddresses: true } : {}),
        ...(testing.minDelayMs !== undefined ? { minDelayMs: testing.minDelayMs } : {}),
      });
      deps.logger.info(
        { url: report.url, id: report.id, layers: report.chosen.map((l) => l.type) },
        'source discovered from the dashboard',
      );
      return page(c, html`${addSourceForm(address)}${renderDiscoveryReport(report)}`);
    } catch (error) {
      return page(
        c,
        html`${addSourceForm(address)}
          <p class="error">${(error as Error).message}</p>`,
        400,
      );
    }
  });
}

export function addSourceForm(url: string): Html {
  return html`<form class="filters" method="post" action="/sources/add">
      <label
        >Outlet address
        <input
          name="url"
          type="url"
          required
          size="40"
          maxlength="500"
          value="${url}"
          placeholder="https://…"
      /></label>
      <label>Id (optional) <input name="id" size="16" maxlength="80" pattern="[a-z0-9][a-z0-9-]*" /></label>
      <button type="submit" data-action="discover">Discover</button>
    </form>
    <p class="muted small">
      Reads the page and robots.txt, tries each feed, sitemap and listing block found (at most about 15
      requests, one a second) and shows the file to save. The same as
      <code>raqib sources add &lt;url&gt;</code>, which also writes it.
    </p>`;
}

export function renderDiscoveryReport(report: DiscoveryReport): Html {
  const trials = report.trials.map(
    (t) =>
      html`<tr data-layer="${t.layer.type}" data-ok="${String(t.ok)}">
        <td data-label="Layer">
          ${report.chosen.includes(t.layer) ? html`<strong class="ok">✓ ${t.layer.type}</strong>` : t.layer.type}
        </td>
        <td data-label="Address" class="wrap">
          <a class="small url" href="${safeHref(t.layer.url)}" rel="noreferrer noopener">${t.layer.url}</a>
          <div class="small muted">${t.foundBy}</div>
        </td>
        <td data-label="Result" class="wrap">
          ${t.ok ? html`<span class="ok">${t.count} entries</span>` : html`<span class="error">${t.error ?? 'nothing found'}${t.httpStatus ? ` (HTTP ${t.httpStatus})` : ''}</span>`}
        </td>
        <td data-label="Entries" class="wrap">
          ${t.sample.map(
            (s) =>
              html`<div class="small">
                <span class="muted">${s.publishedAt ? absoluteTime(s.publishedAt) : 'no date'}</span>
                <a href="${safeHref(s.url)}" rel="noreferrer noopener">${isolate(s.title)}</a>
              </div>`,
          )}
        </td>
      </tr>`,
  );
  const a = report.article;
  return html`<h2>
      ${isolate(report.name)} <span class="small muted">${report.id} · ${report.language}</span>
    </h2>
    <div class="table-wrap">
      <table id="discovery" class="cards">
        <thead>
          <tr>
            <th>Layer</th>
            <th>Address</th>
            <th>Result</th>
            <th>Entries</th>
          </tr>
        </thead>
        <tbody>
          ${trials}
        </tbody>
      </table>
    </div>
    ${
      a
        ? html`<h2>One article</h2>
            <p data-article>
              <a href="${safeHref(a.url)}" rel="noreferrer noopener">${isolate(a.title ?? a.url)}</a>
              <span class="small muted"
                >${a.publishedAt ? absoluteTime(a.publishedAt) : 'no date'} · ${a.lang ?? '?'} · ${a.words}
                words</span
              >
            </p>
            <blockquote>${localized(a.text.slice(0, 400), { lang: a.lang, tag: 'div' })}</blockquote>`
        : ''
    }
    ${report.problems.map((p) => html`<p class="error small">${p}</p>`)}
    ${
      report.yaml
        ? html`<h2>Save as <code>selectors/${report.id}.yaml</code></h2>
            <pre id="source-yaml" class="yaml">${report.yaml}</pre>`
        : html`<p class="error">Nothing to save: no layer yielded entries.</p>`
    }`;
}
