/**
 * A simulated outlet for whole-app tests: a local HTTP server with an RSS feed that publishes one more item every
 * `everyMs`, and an article page per item. The articles are CONSTRUCTED (not recorded): short English reports on
 * the drawdown of US-led coalition forces from Iraq, each about a different event (places, actors, dates, numbers) so that
 * each is its own story and an alert. It also serves robots.txt and counts requests per path.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LiveOutletItem {
  slug: string;
  title: string;
  text: string;
}

export interface LiveOutlet {
  origin: string;
  feedUrl: string;
  /** Every item the feed will publish, in order. */
  items: LiveOutletItem[];
  /** Items visible in the feed now. */
  published(): LiveOutletItem[];
  /** Whether every item is in the feed. */
  done(): boolean;
  articleUrl(item: LiveOutletItem): string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Ten hand-written reports on different events of the drawdown (distinct places, actors, dates and numbers). */
const REPORTS: Array<[string, string[]]> = [
  [
    'US-led coalition hands Ain al-Asad air base to Iraqi army',
    [
      'The international coalition handed Ain al-Asad air base in Anbar province over to the Iraqi army on Sunday, completing the first phase of the withdrawal of coalition forces from federal Iraq.',
      'Iraqi commanders raised the national flag over the runway after the last American transport aircraft departed for Kuwait.',
    ],
  ],
  [
    'Higher Military Commission sets September timetable for end of coalition mission in Iraq',
    [
      'Baghdad and Washington agreed in the Higher Military Commission to end the mission of the coalition against the Islamic State in Iraq by September, a joint statement said.',
      'Prime Minister Mohammed Shia al-Sudani called the timetable a milestone for Iraqi sovereignty, while the Pentagon said advisers would move to bilateral security cooperation.',
    ],
  ],
  [
    'Convoy of American armoured vehicles leaves Victory base near Baghdad airport',
    [
      'A long convoy of US military vehicles and trucks left Victory base next to Baghdad international airport overnight, heading south toward the Kuwaiti border, security sources told reporters.',
      'The departure follows the drawdown agreement under which US troops vacate bases in Baghdad before the end of the year.',
    ],
  ],
  [
    'Pentagon says fewer than 2,000 US troops will remain in Kurdistan Region after drawdown',
    [
      'A Pentagon spokeswoman said about 1,900 American soldiers would stay at Harir and Erbil air base in the Kurdistan Region until September 2026 as the rest of the US force leaves Iraq.',
      'Kurdish officials in Erbil asked for a slower pullout, citing the security of the region.',
    ],
  ],
  [
    'Iraqi parliament committee welcomes withdrawal of foreign forces from Taji',
    [
      'The security and defence committee of the Iraqi parliament welcomed the withdrawal of foreign coalition troops from Camp Taji north of Baghdad and the transfer of its hangars to the Iraqi air force.',
      'Committee members said the evacuation of Taji was a step toward ending the foreign military presence demanded by parliament.',
    ],
  ],
  [
    'Spain and Italy begin pulling their contingents out of the coalition in Iraq',
    [
      'Madrid and Rome announced that their military trainers serving with the US-led coalition in Iraq will start returning home next month under the agreed end of the coalition mission.',
      'NATO officials said the alliance mission in Iraq, which advises the defence ministry, is not affected by the coalition drawdown.',
    ],
  ],
  [
    'US forces complete relocation from K1 base in Kirkuk to Erbil',
    [
      'American troops finished relocating their equipment from the K1 military base in Kirkuk to Erbil, the Joint Operations Command said in a statement on Tuesday.',
      'The command said Iraqi units now control every part of K1 and that the relocation was coordinated with the coalition under the withdrawal schedule.',
    ],
  ],
  [
    'Armed factions say they will watch American withdrawal closely',
    [
      'Leaders of armed factions in Iraq said they would suspend operations against American forces as long as the announced withdrawal of US troops proceeds on schedule.',
      'A spokesman for the Coordination Framework urged Washington to respect the deadline and warned against any delay in the departure of combat forces.',
    ],
  ],
  [
    'Coalition closes its headquarters at Union III compound in Baghdad',
    [
      'The coalition lowered its flags at the Union III compound in central Baghdad, closing the headquarters of Operation Inherent Resolve in the capital, according to a coalition press release.',
      'Remaining staff moved to Erbil, and the compound was handed to the Iraqi ministry of defence in a short ceremony.',
    ],
  ],
  [
    'Last American helicopters fly out of Qayyarah airfield south of Mosul',
    [
      'The final US Army helicopters took off from Qayyarah West airfield in Nineveh province on Thursday as American forces completed their pullout from northern federal Iraq, local officials in Mosul said.',
      'Residents watched dozens of trucks loaded with containers leave the airfield toward the Syrian border crossing at Rabia, which the officials described as part of the drawdown of US troops from Iraq.',
    ],
  ],
];

/** The constructed reports, in publication order (at most ten). */
export function constructReports(count: number): LiveOutletItem[] {
  return REPORTS.slice(0, count).map(([title, paragraphs], i) => ({
    slug: `report-${i + 1}`,
    title,
    text: paragraphs.join('\n\n'),
  }));
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Start the outlet. The first `initial` items are published at once, then one more every `everyMs` after the first
 * request for the feed (so the clock starts when raqib starts reading).
 */
export async function startLiveOutlet(options: {
  count: number;
  initial: number;
  everyMs: number;
}): Promise<LiveOutlet> {
  const items = constructReports(options.count);
  const hits = new Map<string, number>();
  const publishedAt = new Map<string, Date>();
  let startedAt: number | null = null;
  let origin = '';

  const visibleCount = () => {
    if (startedAt === null) return options.initial;
    const extra = Math.floor((Date.now() - startedAt) / options.everyMs);
    return Math.min(items.length, options.initial + extra);
  };
  const published = () => {
    const visible = items.slice(0, visibleCount());
    for (const item of visible) if (!publishedAt.has(item.slug)) publishedAt.set(item.slug, new Date());
    return visible;
  };
  const articleUrl = (item: LiveOutletItem) => `${origin}/news/${item.slug}.html`;

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
      return;
    }
    if (path === '/feed.xml') {
      startedAt ??= Date.now();
      const entries = published()
        .slice()
        .reverse()
        .map(
          (item) => `<item><title>${escapeXml(item.title)}</title><link>${articleUrl(item)}</link>
<guid isPermaLink="false">${item.slug}</guid><pubDate>${publishedAt.get(item.slug)?.toUTCString()}</pubDate>
<description>${escapeXml(item.text.split('\n')[0] ?? '')}</description></item>`,
        );
      res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'no-cache' })
        .end(
          `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Live outlet</title>` +
            `<link>${origin}/</link><description>constructed</description>${entries.join('\n')}</channel></rss>`,
        );
      return;
    }
    const match = /^\/news\/(report-\d+)\.html$/.exec(path);
    const item = match ? published().find((i) => i.slug === match[1]) : undefined;
    if (!item) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const paragraphs = item.text
      .split('\n\n')
      .map((p) => `<p>${escapeXml(p)}</p>`)
      .join('\n');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(item.title)}</title>
<meta property="article:published_time" content="${publishedAt.get(item.slug)?.toISOString()}"></head>
<body><header><nav><a href="/">Home</a></nav></header><main><article><h1>${escapeXml(item.title)}</h1>
${paragraphs}</article></main><footer>© Live outlet (constructed fixture)</footer></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    feedUrl: `${origin}/feed.xml`,
    items,
    published,
    done: () => visibleCount() >= items.length,
    articleUrl,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
