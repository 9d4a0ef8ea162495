/** RSS and article HTML of the simulated outlets (benchmark helper, not production code). */
import type { SimItem, SimOutlet } from './sim-outlets.js';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** RSS 2.0 with title, link, guid, pubDate and description per item; self and hub links when it has a hub. */
export function renderFeed(outlet: SimOutlet, items: readonly SimItem[]): string {
  const entries = items
    .map(
      (item) => `    <item>
      <title>${escapeXml(item.title)}</title>
      <link>${escapeXml(item.url)}</link>
      <guid isPermaLink="false">${item.id}</guid>
      <pubDate>${new Date(item.publishedAt).toUTCString()}</pubDate>
      <description>${escapeXml(item.article.summary)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Simulated outlet ${outlet.index}</title>
${outlet.hub ? `    <atom:link rel="self" href="${escapeXml(outlet.feedUrl)}"/>\n    <atom:link rel="hub" href="${escapeXml(outlet.hub)}"/>\n` : ''}    <link>${outlet.origin}/</link>
    <description>raqib benchmark outlet</description>
    <lastBuildDate>${new Date(outlet.lastModified).toUTCString()}</lastBuildDate>
${entries}
  </channel>
</rss>
`;
}

/** An article page in the shape most outlets use: head metadata, a header, the body in <article>, a footer. */
export function renderArticlePage(item: SimItem, origin: string): string {
  const { article } = item;
  const dir = article.lang === 'ar' ? 'rtl' : 'ltr';
  const iso = new Date(item.publishedAt).toISOString();
  const nav = article.lang === 'ar' ? ['الرئيسية', 'محليات', 'رياضة', 'اقتصاد'] : ['Home', 'Local', 'Sport'];
  return `<!doctype html>
<html lang="${article.lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<title>${escapeXml(article.title)}</title>
<meta property="og:title" content="${escapeXml(article.title)}">
<meta property="og:url" content="${escapeXml(item.url)}">
<meta property="article:published_time" content="${iso}">
<link rel="canonical" href="${escapeXml(item.url)}">
</head>
<body>
<header><nav>${nav.map((n) => `<a href="${origin}/">${n}</a>`).join(' ')}</nav></header>
<main>
<article>
<h1>${escapeXml(article.title)}</h1>
<time datetime="${iso}">${iso.slice(0, 10)}</time>
${article.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('\n')}
</article>
</main>
<footer><p>© Simulated outlet</p></footer>
</body>
</html>
`;
}
