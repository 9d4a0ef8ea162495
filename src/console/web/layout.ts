/** The page frame: navigation, styles, and the document's own language and direction (English, LTR). */
import { displayZoneLabel } from './format.js';
import { html, raw, type Html } from './html.js';

export interface NavLink {
  href: string;
  label: string;
}

export const CORE_NAV: NavLink[] = [
  { href: '/sources', label: 'Sources' },
  { href: '/items', label: 'Items' },
  { href: '/stories', label: 'Stories' },
  { href: '/queues', label: 'Queues' },
  { href: '/digest', label: 'Digest' },
  { href: '/metrics', label: 'Metrics' },
];

const STYLE = `
:root { --fg:#1d2125; --muted:#6b7280; --line:#e5e7eb; --bg:#fafafa; --accent:#0f5e9c; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif;
  color:var(--fg); background:var(--bg); }
header { display:flex; flex-wrap:wrap; gap:.3rem 1.2rem; align-items:center; padding:.6rem 1.2rem; background:#12263a; color:#fff; }
header nav { display:flex; flex-wrap:wrap; gap:.2rem .9rem; }
header a { color:#cfe3f5; text-decoration:none; } header a.active { color:#fff; font-weight:600; }
header .brand { font-weight:700; color:#fff; }
main { padding: 1rem 1.2rem 3rem; max-width: 100%; }
@media (max-width: 640px) { main { padding: .8rem .6rem 2rem; } header { padding:.5rem .6rem; } }
h1 { font-size: 1.3rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; background:#fff; }
th, td { border-bottom:1px solid var(--line); padding:.35rem .5rem; text-align:start; vertical-align:top; }
th { font-weight:600; background:#f3f4f6; }
/* Wide tables scroll inside their own box, never the page; a table outside a .table-wrap does the same itself. */
.table-wrap { max-width:100%; overflow-x:auto; margin-bottom:.5rem; }
:not(.table-wrap) > table { display:block; max-width:100%; overflow-x:auto; }
td div.error, td.error, .wrap, .drop-reason { overflow-wrap:anywhere; }
td div.error, td.error { min-width:14ch; max-width:36ch; }
td.why { min-width:16ch; max-width:46ch; }
.url { overflow-wrap:anywhere; word-break:break-all; }
#check, [data-check-layer], ol[data-layers] { overflow-wrap:anywhere; min-width:0; }
time { white-space:normal; } time .abs { white-space:nowrap; } time .rel { color:var(--muted); font-size:12px; }
time .rel::before { content:'· '; }
select, input { max-width:100%; }
.pager { display:flex; flex-wrap:wrap; gap:.4rem 1rem; margin:.5rem 0; }
table.fields th { width:14rem; white-space:normal; background:#f8f9fa; }
table.fields td { overflow-wrap:anywhere; }
.text-body { white-space:pre-wrap; overflow-wrap:anywhere; max-height:28rem; overflow-y:auto; background:#fff;
  border:1px solid var(--line); padding:.5rem .7rem; }
.item-page section { margin-bottom:1.2rem; }
.item-title .headline { font-size:16px; }
tr.current { background:#f0f7ff; }
.not-recorded { font-style:italic; }
/* On a phone, list tables become one card per row with the column name above each value. */
@media (max-width: 640px) {
  table.cards, table.cards tbody, table.cards tr, table.cards td { display:block; width:100%; max-width:none; }
  table.cards { background:transparent; }
  table.cards thead { display:none; }
  table.cards tr { background:#fff; border:1px solid var(--line); border-radius:6px; margin-bottom:.6rem; padding:.3rem 0; }
  table.cards td { border:0; padding:.15rem .6rem; text-align:start; }
  table.cards td[data-label]::before { content:attr(data-label); display:block; font-size:11px; color:var(--muted); }
  table.cards td.headline-cell::before { display:none; }
  /* The sources table: two short values per line, the name, state, actions, a long error and the chart full width. */
  table.source-cards tr { display:flex; flex-wrap:wrap; }
  table.source-cards td { width:50%; }
  table.source-cards td.wide { width:100%; }
  table.source-cards td.actions { display:flex; flex-wrap:wrap; gap:.3rem .6rem; padding-top:.3rem; padding-bottom:.3rem; }
  table.source-cards td.actions::before { display:none; }
  table.source-cards td.actions form.pause { display:flex; gap:.3rem; flex:1 1 14rem; }
  table.source-cards td.actions form.pause input { flex:1 1 auto; min-width:0; }
  table.source-cards td.num { text-align:start; }
  table.source-cards td div.error { max-width:none; }
  table.fields, table.fields tbody, table.fields tr, table.fields th, table.fields td { display:block; width:100%; }
  table.fields th { border-bottom:0; padding-bottom:0; font-size:12px; color:var(--muted); background:transparent; }
}
.muted { color: var(--muted); } .small { font-size: 12px; }
.num { text-align:end; font-variant-numeric: tabular-nums; }
.headline { font-weight:600; color: var(--fg); text-decoration:none; }
[data-role=headline] { display:block; } /* a block, so RTL headlines also align right */
.headline:hover { text-decoration: underline; }
[dir=rtl].headline, [dir=rtl].lead { font-size: 15px; }
.badge { display:inline-block; padding:0 .4rem; border-radius:.6rem; font-size:12px; background:#e5e7eb; }
.badge-alert { background:#fde2e1; color:#8a1c13; } .badge-digest { background:#fef3c7; color:#7a4d00; }
.badge-drop { background:#e5e7eb; color:#374151; } .badge-posted { background:#dcfce7; color:#14532d; }
.badge-failed, .badge-paused { background:#fde2e1; color:#8a1c13; }
.error { color:#8a1c13; } .ok { color:#14532d; }
form.filters { display:flex; gap:.5rem; flex-wrap:wrap; align-items:end; margin-bottom:1rem; }
form.filters label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); }
form.inline { display:inline; }
button { cursor:pointer; }
.story { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.6rem .8rem; margin-bottom:1rem; }
.story h2 { margin:.1rem 0 .4rem; }
.reasons { margin:0; padding-inline-start:1rem; font-size:12px; }
.chart rect { fill: var(--accent); } .chart .axis { stroke: var(--line); }
.digest-entry { background:#fff; border:1px solid var(--line); border-radius:6px; padding:.5rem .8rem; margin:.5rem 0; }
.panel { margin-bottom: 1rem; }
pre.yaml { white-space:pre-wrap; overflow-wrap:anywhere; background:#fff; border:1px solid var(--line); padding:.5rem .7rem; }
blockquote { margin:.4rem 0; padding:.2rem .8rem; border-inline-start:3px solid var(--line); overflow-wrap:anywhere; }
.dependency-banner { background:#fde2e1; color:#8a1c13; border:1px solid #f5b5b0; border-radius:6px;
  padding:.4rem .8rem; margin:0 0 1rem; overflow-wrap:anywhere; }
.dependency-banner p { margin:.3rem 0; } .dependency-banner a { color:inherit; }
footer { padding: 0 1.2rem 1.5rem; }
`;

export function layout(options: { title: string; active: string; body: Html; nav?: NavLink[] }): Html {
  const nav = options.nav ?? CORE_NAV;
  return html`<!doctype html>
    <html lang="en" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · raqib</title>
        <link rel="icon" href="/favicon.ico" type="image/svg+xml" />
        <style>
          ${raw(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <a class="brand" href="/sources">raqib <bdi lang="ar" dir="rtl">رقيب</bdi></a>
          <nav>
            ${nav.map(
              (link) =>
                html`<a href="${link.href}" class="${link.href === options.active ? 'active' : ''}"
                  >${link.label}</a
                > `,
            )}
          </nav>
        </header>
        <main>
          <h1>${options.title}</h1>
          ${options.body}
        </main>
        <footer class="small muted" data-role="time-zone">
          Times are shown in ${displayZoneLabel(new Date())}, with the time since beside them (the zone is
          DASHBOARD_TIME_ZONE, else the process's own).
        </footer>
      </body>
    </html>`;
}
