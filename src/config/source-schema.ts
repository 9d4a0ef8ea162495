/**
 * The schema of one source file (`selectors/<id>.yaml`). Documented field by field in selectors/README.md.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { parseAgeLimit, parseDurationMs } from './duration.js';
import { MAX_SOURCE_PATTERN_CHARS, re2PatternProblem } from './source-regex.js';

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return parseDurationMs(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** `off`, `0` or a duration (see parseAgeLimit); FIRST_CRAWL_ALERT_AGE in the environment reads the same way. */
export const ageLimitSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  try {
    return parseAgeLimit(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `${(error as Error).message}; or 0 (alert nothing) or off` });
    return z.NEVER;
  }
});

const timeZone = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone, e.g. Asia/Baghdad');

/**
 * A source regex: compiled with RE2 (re2js), which runs in time linear in the input, so an outlet's URLs cannot make
 * a pattern backtrack for minutes. RE2 has no lookaround and no backreferences; exclusions go in `linkExclude`.
 */
const regex = z
  .string()
  .max(MAX_SOURCE_PATTERN_CHARS, `must be at most ${MAX_SOURCE_PATTERN_CHARS} characters`)
  .superRefine((pattern, ctx) => {
    const why = re2PatternProblem(pattern);
    if (why !== undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be a regular expression RE2 accepts (linear time: no lookahead, lookbehind or backreferences; put exclusions in article.linkExclude): ${why}`,
      });
  });

/** Selectors for a listing page: each `item` element yields one candidate. */
export const listingSelectorsSchema = z
  .object({
    item: z.string().min(1),
    link: z.string().optional(),
    title: z.string().optional(),
    date: z.string().optional(),
    dateAttribute: z.string().optional(),
    summary: z.string().optional(),
    image: z.string().optional(),
  })
  .strict();

const layerBase = {
  url: z.url(),
  /** A layer that has produced no new item for this long is treated as stale and the next layer is tried. */
  staleAfter: duration.optional(),
};

export const fetchLayerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('feed'), ...layerBase }).strict(),
  z.object({ type: z.literal('sitemap'), ...layerBase }).strict(),
  z.object({ type: z.literal('listing'), ...layerBase, selectors: listingSelectorsSchema }).strict(),
  z
    .object({
      type: z.literal('json'),
      ...layerBase,
      /** `jsonld` reads JSON-LD blocks; `next-data` reads `__NEXT_DATA__`-style script blobs. */
      format: z.enum(['jsonld', 'next-data', 'script']).default('jsonld'),
      scriptSelector: z.string().optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('browser'),
      ...layerBase,
      selectors: listingSelectorsSchema,
      waitFor: z.string().optional(),
    })
    .strict(),
]);

export const articleSelectorsSchema = z
  .object({
    title: z.string().optional(),
    body: z.string().optional(),
    lead: z.string().optional(),
    author: z.string().optional(),
    date: z.string().optional(),
    dateAttribute: z.string().optional(),
    image: z.string().optional(),
    remove: z.array(z.string()).default([]),
  })
  .strict();

export const sourceFileSchema = z
  .object({
    name: z.string().min(1),
    language: z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as ar or en'),
    timezone: timeZone.default('UTC'),
    interval: duration.default(300_000),
    /** Adaptive polling (POLL_ADAPTIVE): `adaptive: false` keeps `interval` fixed; `minInterval` is the shortest
     *  interval the source may be polled at, whatever it publishes. */
    polling: z
      .object({
        adaptive: z.boolean().default(true),
        minInterval: duration.optional(),
      })
      .strict()
      .optional(),
    enabled: z.boolean().default(true),
    /** The source reposts other outlets' articles: it never takes an alert's credit from the original outlet. */
    aggregator: z.boolean().optional(),
    /**
     * The outlet's stable short form of an article URL (e.g. `/node/<id>`), used when the article URL is too long
     * for a Discord link: `pattern` (a regular expression matched against the whole URL) and `replace` (its
     * replacement, `$1`… for groups).
     */
    shortLink: z
      .object({ pattern: z.string().min(1), replace: z.string().min(1) })
      .strict()
      .refine(
        (v) => {
          try {
            new RegExp(v.pattern, 'u');
            return true;
          } catch {
            return false;
          }
        },
        { message: 'shortLink.pattern must be a valid regular expression' },
      )
      .optional(),
    homepage: z.url().optional(),
    allowedHosts: z.array(z.string().min(1)).default([]),
    allowPrivateAddresses: z.boolean().default(false),
    charset: z.string().optional(),
    acceptLanguage: z.string().optional(),
    politeness: z
      .object({
        maxInFlight: z.number().int().min(1).max(16).default(1),
        minDelay: duration.default(3000),
      })
      .strict()
      .default({ maxInFlight: 1, minDelay: 3000 }),
    robots: z
      .object({
        obey: z.boolean().default(true),
        overrideReason: z.string().optional(),
      })
      .strict()
      .refine((r) => r.obey || (r.overrideReason ?? '').trim().length > 0, {
        message: 'overrideReason is required when obey is false',
        path: ['overrideReason'],
      })
      .default({ obey: true }),
    /** Consecutive failed crawls before the source is paused automatically (0 = never); default from the
     *  environment (PAUSE_AFTER_FAILURES, 10). */
    pauseAfterFailures: z.number().int().min(0).optional(),
    /** Most entries one crawl queues, newest first (default 500); the cut is logged and recorded on the crawl. */
    maxItemsPerCrawl: z.number().int().min(1).max(10_000).optional(),
    /** How recent an entry of this source's first crawl must be to alert (`0` = none, `off` = no extra limit);
     *  default from the environment (FIRST_CRAWL_ALERT_AGE, 6h). */
    firstCrawlAlertAge: ageLimitSchema.optional(),
    fetch: z
      .array(fetchLayerSchema)
      .min(1, 'needs at least one layer (feed, sitemap, listing, json or browser)'),
    article: z
      .object({
        /** Fetch each article page (true) or rely on the feed entry alone (false). */
        fetch: z.boolean().default(true),
        /** Only links matching this pattern are articles. */
        linkPattern: regex.optional(),
        /** Links whose path matches this pattern are not articles (tag pages, a lite mirror), checked after
         *  `linkPattern`. RE2 syntax like `linkPattern`. */
        linkExclude: regex.optional(),
        selectors: articleSelectorsSchema.optional(),
      })
      .strict()
      .default({ fetch: true }),
    /** Free text for operators: quirks, evidence, whether fixtures are recorded or constructed. */
    notes: z.string().optional(),
  })
  .strict();

export type SourceFile = z.infer<typeof sourceFileSchema>;
export type FetchLayer = z.infer<typeof fetchLayerSchema>;
export type ListingSelectors = z.infer<typeof listingSelectorsSchema>;
export type ArticleSelectors = z.infer<typeof articleSelectorsSchema>;

/** A validated source: the file's fields plus its id (the file name) and derived allowed hosts. */
export interface Source extends SourceFile {
  id: string;
  file: string;
}
