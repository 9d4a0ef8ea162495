/**
 * Chooses and ranks a channel's digest entries. Pure: given the reports of candidate stories, which of them were
 * alerted to the channel, and the window, it returns one entry per story.
 *
 * A story is in the digest whose window contains the first report of it that reached the channel's digest
 * threshold (topic subscribed, decision `alert` or `digest`, score ≥ the topic's digest threshold and the
 * channel's digest `minScore`, language and source accepted). So each story appears in one digest only, and a
 * story that reaches the threshold later (a stronger report) appears on the day it does.
 */
import type { ChannelSubscription } from '../config/channels.js';
import type { Reason } from '../shared/types.js';
import { formatLocalTime, type DigestSettings } from './digest-schedule.js';
import type { Digest, DigestEntry, DigestOutlet, DigestSendStatus } from './digest-types.js';

/** One stored report (item) of a candidate story; only reports fetched up to the window's end are passed. */
export interface DigestItem {
  id: string;
  storyId: string | null;
  sourceId: string;
  url: string;
  title: string | null;
  language: string | null;
  dir: string | null;
  /** ISO-8601: when raqib first saw the report. */
  fetchedAt: string;
  topicId: string | null;
  score: number | null;
  decision: string | null;
  reasons: Reason[];
  /** The report's canonical URL. @defaultValue undefined */
  canonicalUrl?: string | null;
  /** The report's lead (first paragraph), the source of the digest's one-line summary. @defaultValue undefined */
  lead?: string | null;
}

export interface BuildDigestInput {
  channelId: string;
  subscription: ChannelSubscription;
  settings: DigestSettings;
  /** YYYY-MM-DD in the channel's time zone. */
  date: string;
  scheduledAt: Date;
  window: { start: Date; end: Date };
  /** Every report of the candidate stories, fetched at or before `window.end` (others are ignored). */
  items: DigestItem[];
  /** Stories already alerted to this channel. */
  alertedStoryIds: ReadonlySet<string>;
  /** Outlet display name of a source id. */
  outletName: (sourceId: string) => string;
  /**
   * The source reposts other outlets (`aggregator: true`): its report leads a story only when no other outlet's
   * report qualifies, so the original is credited. @defaultValue undefined (none is)
   */
  isAggregator?: (sourceId: string) => boolean;
  /** The outlet's stable short form of a report URL, or null. @defaultValue undefined (none) */
  shortUrl?: (sourceId: string, url: string) => string | null;
  /** The topic's digest threshold, when the topic is known. */
  topicThreshold?: (topicId: string) => number | undefined;
  send: DigestSendStatus | null;
  now: Date;
}

/** Each extra outlet adds this much to a story's rank, for up to {@link MAX_OUTLET_BONUS_COUNT} extra outlets. */
export const OUTLET_BONUS = 0.05;
export const MAX_OUTLET_BONUS_COUNT = 6;

const RTL_LANGS = new Set(['ar', 'fa', 'ur', 'he', 'ckb', 'ps', 'yi', 'dv']);
const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const LTR_CHAR = /[A-Za-z\u00C0-\u024F\u0400-\u04FF]/u;

/**
 * The rank value: relevance plus a bonus per additional outlet. Higher first; ties go to more outlets, then to
 * the more recent story (seen last).
 */
export function rankValue(score: number, outletCount: number): number {
  const value = score + OUTLET_BONUS * Math.min(Math.max(0, outletCount - 1), MAX_OUTLET_BONUS_COUNT);
  // Rounded so equal ranks compare equal (0.85 + 0.05 vs 0.9) and the tie-breaks apply.
  return Math.round(value * 1e6) / 1e6;
}

/** True when `item` reaches the channel's digest threshold. */
export function qualifies(
  item: DigestItem,
  subscription: ChannelSubscription,
  minScore: number,
  topicThreshold?: (topicId: string) => number | undefined,
): boolean {
  if (item.decision !== 'alert' && item.decision !== 'digest') return false;
  if (item.score === null || !Number.isFinite(item.score)) return false;
  const topic = item.topicId ?? '';
  if (!subscription.topics.includes('*') && !subscription.topics.includes(topic)) return false;
  const threshold = Math.max(minScore, topicThreshold?.(topic) ?? 0);
  if (item.score < threshold) return false;
  const lang = item.language?.toLowerCase().split('-')[0] ?? null;
  if (subscription.languages && (lang === null || !subscription.languages.includes(lang))) return false;
  if (subscription.sources && !subscription.sources.includes(item.sourceId)) return false;
  return true;
}

export function buildDigest(input: BuildDigestInput): Digest {
  const end = input.window.end.getTime();
  const start = input.window.start.getTime();
  const byStory = new Map<string, DigestItem[]>();
  for (const item of input.items) {
    if (Date.parse(item.fetchedAt) > end) continue;
    const key = item.storyId ?? `item:${item.id}`;
    const list = byStory.get(key);
    if (list) list.push(item);
    else byStory.set(key, [item]);
  }

  const ranked: Array<{ entry: DigestEntry; rank: number }> = [];
  for (const [storyId, items] of byStory) {
    items.sort(byFetchedThenId);
    const qualifying = items.filter((i) =>
      qualifies(i, input.subscription, input.settings.minScore, input.topicThreshold),
    );
    const first = qualifying[0];
    if (!first) continue;
    const firstQualifiedAt = Date.parse(first.fetchedAt);
    if (firstQualifiedAt <= start || firstQualifiedAt > end) continue;
    // The strongest report leads, an aggregator's copy only when no original qualifies (the original is credited).
    const originals = qualifying.filter((i) => !input.isAggregator?.(i.sourceId));
    const lead = (originals.length > 0 ? originals : qualifying).reduce((best, item) =>
      (item.score ?? 0) > (best.score ?? 0) ? item : best,
    );
    const outlets = outletsOf(items, input.outletName, input.shortUrl);
    const firstSeen = new Date(Date.parse((items[0] as DigestItem).fetchedAt));
    const headline = lead.title?.trim() || lead.url;
    const entry: DigestEntry = {
      storyId,
      topicId: lead.topicId,
      headline,
      lang: lead.language,
      dir: directionOf(lead.dir, lead.language, headline),
      url: lead.url,
      itemId: lead.id,
      canonicalUrl: lead.canonicalUrl ?? null,
      shortUrl: input.shortUrl?.(lead.sourceId, lead.url) ?? null,
      summary: summaryOf(lead, headline),
      outlets,
      firstSeen: firstSeen.toISOString(),
      firstSeenLocal: formatLocalTime(firstSeen, input.settings.timeZone, input.date),
      reason: reasonLine(lead),
      score: lead.score ?? 0,
      alerted: input.alertedStoryIds.has(storyId),
    };
    ranked.push({ entry, rank: rankValue(entry.score, outlets.length) });
  }
  ranked.sort(
    (a, b) =>
      b.rank - a.rank ||
      b.entry.outlets.length - a.entry.outlets.length ||
      b.entry.firstSeen.localeCompare(a.entry.firstSeen) ||
      a.entry.storyId.localeCompare(b.entry.storyId),
  );

  return {
    channelId: input.channelId,
    date: input.date,
    timeZone: input.settings.timeZone,
    time: input.settings.time,
    scheduled: input.settings.scheduled,
    scheduledAt: input.scheduledAt.toISOString(),
    window: { start: input.window.start.toISOString(), end: input.window.end.toISOString() },
    language: input.settings.language,
    entries: ranked.map((r) => r.entry),
    whenEmpty: input.settings.whenEmpty,
    send: input.send,
    generatedAt: input.now.toISOString(),
  };
}

function byFetchedThenId(a: DigestItem, b: DigestItem): number {
  return Date.parse(a.fetchedAt) - Date.parse(b.fetchedAt) || a.id.localeCompare(b.id);
}

/** One outlet per source, earliest report first (items are sorted). */
function outletsOf(
  items: DigestItem[],
  outletName: (sourceId: string) => string,
  shortUrl: BuildDigestInput['shortUrl'],
): DigestOutlet[] {
  const seen = new Set<string>();
  const outlets: DigestOutlet[] = [];
  for (const item of items) {
    if (seen.has(item.sourceId)) continue;
    seen.add(item.sourceId);
    outlets.push({
      name: outletName(item.sourceId),
      url: item.url,
      sourceId: item.sourceId,
      itemId: item.id,
      canonicalUrl: item.canonicalUrl ?? null,
      shortUrl: shortUrl?.(item.sourceId, item.url) ?? null,
    });
  }
  return outlets;
}

/** A sentence end in Arabic or Latin text: a stop followed by a space or the end (so 3.5 and example.com stay). */
const SENTENCE_END = /[.!?؟۔](?=\s|$)/gu;
/** Stops closer to the start than this are abbreviations (`U.S.`), not sentence ends. */
const MIN_SENTENCE = 25;

/**
 * The digest's one line of what happened: the first sentence of the lead report's lead, in the article's own
 * language. Null when there is no lead or it only repeats the headline.
 */
export function summaryOf(item: Pick<DigestItem, 'lead'>, headline: string): string | null {
  const text = (item.lead ?? '').replace(/\s+/gu, ' ').trim();
  if (!text) return null;
  let sentence = text;
  for (const match of text.matchAll(SENTENCE_END)) {
    if (match.index < MIN_SENTENCE) continue;
    sentence = text.slice(0, match.index + 1);
    break;
  }
  const normalize = (t: string) =>
    t
      .replace(/[\p{P}\s]+/gu, ' ')
      .trim()
      .toLowerCase();
  if (normalize(sentence) === normalize(headline)) return null;
  return sentence;
}

/** The two strongest positive reasons, e.g. `event: withdrawal · place: Ain al-Asad`. */
function reasonLine(item: DigestItem): string {
  const labels = item.reasons
    .filter((r) => r.weight > 0 && r.label)
    .sort((a, b) => b.weight - a.weight)
    .map((r) => r.label);
  const unique = [...new Set(labels)].slice(0, 2);
  return unique.length > 0 ? unique.join(' · ') : `relevance ${(item.score ?? 0).toFixed(2)}`;
}

function directionOf(dir: string | null, lang: string | null, text: string): 'rtl' | 'ltr' {
  if (dir === 'rtl' || dir === 'ltr') return dir;
  const primary = lang?.toLowerCase().split('-')[0];
  if (primary) return RTL_LANGS.has(primary) ? 'rtl' : 'ltr';
  for (const ch of text) {
    if (RTL_CHAR.test(ch)) return 'rtl';
    if (LTR_CHAR.test(ch)) return 'ltr';
  }
  return 'ltr';
}
