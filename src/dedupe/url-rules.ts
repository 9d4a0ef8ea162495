/**
 * Outlet-specific URL knowledge used by canonicalisation and stable ids (docs/OUTLETS.md "Dedup keys" and
 * "Canonical URL rules"). Data, not logic: add an outlet by adding a row.
 */

/** Query parameters that only track the reader; dropped from canonical URLs. */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'msclkid',
  'yclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_ga',
  'ref_src',
  'ref_url',
  'ocid',
  'ncid',
  'cmpid',
  'ito',
  'spm',
  'share',
  'amp',
  'outputtype',
]);

/** Query parameter prefixes that only track the reader. */
export const TRACKING_PARAM_PREFIXES: readonly string[] = ['utm_', 'at_', 'pk_', 'mtm_'];

/** A host that moved: `from` (exact host, without `www.`) is rewritten to `to` when the path starts with `pathPrefix`. */
export interface DomainMove {
  from: string;
  to: string;
  pathPrefix?: string;
}

/** Known domain moves (OUTLETS.md "Canonical URL rules"). */
export const DOMAIN_MOVES: readonly DomainMove[] = [
  { from: 'rudaw.net', to: 'rudawarabia.net', pathPrefix: '/arabic' },
  { from: 'arabic.sputniknews.com', to: 'sarabic.ae' },
];

/**
 * A stable-id rule: when `host` matches (exact, `www.` removed) and `pattern` matches the decoded path, the id is
 * `<namespace>:<capture 1>` (plus `:<capture 2>` when the pattern has one).
 */
export interface StableIdRule {
  host: string;
  pattern: RegExp;
  namespace: string;
}

/** Per-outlet stable ids that live in the URL (OUTLETS.md). Ids found only in page HTML are not here. */
export const STABLE_ID_RULES: readonly StableIdRule[] = [
  // /news/<section>/<id>/<slug> and slug-less /news/<id>/
  { host: 'alsumaria.tv', pattern: /^\/news\/(?:[a-z-]+\/)?(\d{3,})(?:\/|$)/i, namespace: 'alsumaria.tv' },
  // /<lang>/story/<id>/<slug>; legacy /en/story/<id>-<slug>. Keyed on lang + id.
  {
    host: 'kurdistan24.net',
    pattern: /^\/([a-z]{2,3})\/story\/(\d{3,})(?:[/-]|$)/i,
    namespace: 'kurdistan24.net',
  },
  // DLE: /<lang>/<category>/<id>-<alt>.html
  { host: 'ina.iq', pattern: /^\/[a-z]{2,3}\/[^/]+\/(\d{3,})-[^/]*\.html$/i, namespace: 'ina.iq' },
  // Drupal: /home/article/<id>/<slug>, /<section-path>/<id>-<slug>, /node/<id>
  { host: 'aawsat.com', pattern: /^\/(?:home\/article|node)\/(\d{4,})(?:\/|$)/i, namespace: 'aawsat.com' },
  { host: 'aawsat.com', pattern: /\/(\d{5,})-[^/]+\/?$/, namespace: 'aawsat.com' },
  {
    host: 'english.aawsat.com',
    pattern: /^\/(?:home\/article|node)\/(\d{4,})(?:\/|$)/i,
    namespace: 'english.aawsat.com',
  },
  { host: 'english.aawsat.com', pattern: /\/(\d{5,})-[^/]+\/?$/, namespace: 'english.aawsat.com' },
  // /arabic/categories/<section>/<id>; legacy /arabic/<section>/<DDMMYYYY><n>
  {
    host: 'rudawarabia.net',
    pattern: /^\/arabic\/(?:categories\/)?[^/]+\/(\d{6,})\/?$/i,
    namespace: 'rudawarabia.net',
  },
  // Sputnik platform: /<YYYYMMDD>/<slug>-<id>.html
  { host: 'sarabic.ae', pattern: /^\/\d{8}\/[^/]*?-?(\d{7,})\.html$/i, namespace: 'sarabic.ae' },
];
