/** The page frame: navigation, styles, and the document's own language and direction (English, LTR). */
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
header { display:flex; gap:1.2rem; align-items:center; padding:.6rem 1.2rem; background:#12263a; color:#fff; }
header a { color:#cfe3f5; text-decoration:none; } header a.active { color:#fff; font-weight:600; }
header .brand { font-weight:700; color:#fff; }
main { padding: 1rem 1.2rem 3rem; }
h1 { font-size: 1.3rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; background:#fff; }
th, td { border-bottom:1px solid var(--line); padding:.35rem .5rem; text-align:start; vertical-align:top; }
th { font-weight:600; background:#f3f4f6; white-space:nowrap; }
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
`;

export function layout(options: { title: string; active: string; body: Html; nav?: NavLink[] }): Html {
  const nav = options.nav ?? CORE_NAV;
  return html`<!doctype html>
    <html lang="en" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · raqib</title>
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
      </body>
    </html>`;
}
