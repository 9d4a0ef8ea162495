/**
 * Constructed news outlets on 127.0.0.1 for `sources add`: a home page (with or without `<link rel="alternate">`),
 * robots.txt (with or without `Sitemap:`), a feed, a news sitemap and article pages, in Arabic or English.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OutletArticle {
  path: string;
  title: string;
  published: string;
  paragraphs: string[];
}

export interface OutletSpec {
  lang: 'ar' | 'en';
  title: string;
  articles: OutletArticle[];
  /** Path of the feed; linked from the home page when `linkFeed`. */
  feedPath?: string;
  linkFeed?: boolean;
  /** Path of the sitemap; named in robots.txt when `sitemapInRobots`. */
  sitemapPath?: string;
  sitemapInRobots?: boolean;
  /** The class of each repeated block on the home page and its tag. */
  block: { tag: 'div' | 'li' | 'article'; cls: string };
}

export interface FixtureOutlet {
  origin: string;
  requested: string[];
  close(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function homePage(spec: OutletSpec, origin: string): string {
  const dir = spec.lang === 'ar' ? 'rtl' : 'ltr';
  const blocks = spec.articles
    .map(
      (a) => `<${spec.block.tag} class="${spec.block.cls} item">
        <a href="${a.path}"><img src="/img/${encodeURIComponent(a.path)}.jpg" alt=""></a>
        <h3><a href="${a.path}">${esc(a.title)}</a></h3>
        <time datetime="${a.published}">${a.published.slice(0, 10)}</time>
      </${spec.block.tag}>`,
    )
    .join('\n');
  const wrap =
    spec.block.tag === 'li'
      ? `<ul class="latest">${blocks}</ul>`
      : `<section class="latest">${blocks}</section>`;
  const link =
    spec.linkFeed && spec.feedPath
      ? `<link rel="alternate" type="application/rss+xml" title="RSS" href="${origin}${spec.feedPath}">`
      : '';
  return `<!doctype html><html lang="${spec.lang}" dir="${dir}"><head><meta charset="utf-8">
    <title>${esc(spec.title)}</title>${link}</head><body>
    <nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/about">About</a></nav>
    <main>${wrap}</main><footer><a href="/contact">Contact</a></footer></body></html>`;
}

function feed(spec: OutletSpec, origin: string): string {
  const items = spec.articles
    .map(
      (a) =>
        `<item><title>${esc(a.title)}</title><link>${origin}${a.path}</link><pubDate>${new Date(a.published).toUTCString()}</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${esc(spec.title)}</title><link>${origin}/</link>${items}</channel></rss>`;
}

function sitemap(spec: OutletSpec, origin: string): string {
  const urls = spec.articles
    .map(
      (a) =>
        `<url><loc>${origin}${a.path}</loc><news:news><news:publication><news:name>${esc(spec.title)}</news:name><news:language>${spec.lang}</news:language></news:publication><news:publication_date>${a.published}</news:publication_date><news:title>${esc(a.title)}</news:title></news:news></url>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">${urls}</urlset>`;
}

function articlePage(spec: OutletSpec, a: OutletArticle): string {
  return `<!doctype html><html lang="${spec.lang}" dir="${spec.lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8">
    <title>${esc(a.title)} | ${esc(spec.title)}</title>
    <meta property="article:published_time" content="${a.published}"></head><body>
    <nav><a href="/">Home</a></nav><article><h1>${esc(a.title)}</h1><time datetime="${a.published}">${a.published}</time>
    ${a.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}</article><footer>©</footer></body></html>`;
}

export async function startFixtureOutlet(spec: OutletSpec): Promise<FixtureOutlet> {
  const requested: string[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? '/');
    requested.push(path);
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8` });
      res.end(body);
    };
    if (path === '/') return send(200, 'text/html', homePage(spec, origin));
    if (path === '/robots.txt')
      return send(
        200,
        'text/plain',
        `User-agent: *\nAllow: /\n${spec.sitemapInRobots && spec.sitemapPath ? `Sitemap: ${origin}${spec.sitemapPath}\n` : ''}`,
      );
    if (spec.feedPath && path === spec.feedPath) return send(200, 'application/rss+xml', feed(spec, origin));
    if (spec.sitemapPath && path === spec.sitemapPath)
      return send(200, 'application/xml', sitemap(spec, origin));
    const article = spec.articles.find((a) => a.path === path);
    if (article) return send(200, 'text/html', articlePage(spec, article));
    return send(404, 'text/html', '<html><body><h1>Not found</h1></body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, requested, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
