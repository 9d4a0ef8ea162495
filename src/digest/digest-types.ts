/**
 * The daily digest as data: what one channel's summary for one day holds, independent of Discord. Built by
 * build-digest.ts, sent by the deliver stage, rendered as a web page by the dashboard.
 */

/** One outlet that reported a story, with the link to its report. */
export interface DigestOutlet {
  /** Outlet display name (the source's `name`). */
  name: string;
  url: string;
  sourceId: string;
  /** The outlet's report (item) id: the dashboard's `/i/<id>` redirect. @defaultValue undefined */
  itemId?: string;
  /** The report's canonical URL, a shorter equivalent of `url` when it differs. @defaultValue undefined */
  canonicalUrl?: string | null;
  /** The outlet's stable short form of `url` (`shortLink` in its source file). @defaultValue undefined */
  shortUrl?: string | null;
}

/** One story of the digest. */
export interface DigestEntry {
  storyId: string;
  topicId: string | null;
  /** Headline of the story's lead report, in its original language. */
  headline: string;
  /** BCP-47 primary tag of the headline, or null when unknown. */
  lang: string | null;
  /** Text direction of the headline. */
  dir: 'rtl' | 'ltr';
  /** Link of the lead report. */
  url: string;
  /** The lead report's item id (the dashboard's `/i/<id>` redirect). @defaultValue undefined */
  itemId?: string;
  /** The lead report's canonical URL. @defaultValue undefined */
  canonicalUrl?: string | null;
  /** The outlet's stable short form of `url`. @defaultValue undefined */
  shortUrl?: string | null;
  /** One line of what happened: the lead report's first sentence, or null when it has no lead. */
  summary: string | null;
  /** Outlets that reported the story (one per outlet, earliest report first). */
  outlets: DigestOutlet[];
  /** ISO-8601 time raqib first saw the story. */
  firstSeen: string;
  /** `firstSeen` in the channel's time zone for people, e.g. `07:42` or `Sat 21:10`. */
  firstSeenLocal: string;
  /** Why the story is relevant (its strongest evidence) — for the operator's preview, never the digest message. */
  reason: string;
  /** Best relevance score among the story's qualifying reports (0–1). */
  score: number;
  /** The story was already alerted to this channel. */
  alerted: boolean;
}

/** Whether and how the digest of this (channel, date) went out. */
export interface DigestSendStatus {
  state: 'pending' | 'sending' | 'sent' | 'empty' | 'failed';
  /** Sent after its scheduled time because raqib was down (or the send was retried late). */
  late: boolean;
  sentAt: string | null;
  /** Discord message ids, one per page, in order. */
  messageIds: string[];
  /** Pages the digest was split into (known once the send started). */
  pageCount: number | null;
  lastError: string | null;
}

export interface Digest {
  channelId: string;
  /** The digest's date (YYYY-MM-DD) in the channel's time zone. */
  date: string;
  timeZone: string;
  /** Label language of the channel's messages; also the order of the Arabic and English groups. */
  language: 'ar' | 'en' | 'both';
  /** Local HH:MM the digest is scheduled at. */
  time: string;
  /** False when the channel has no digest configured (a preview with the default schedule). */
  scheduled: boolean;
  /** ISO instant this date's digest is (or was) due. */
  scheduledAt: string;
  /** Stories first qualifying in (start, end] are included; ISO instants. */
  window: { start: string; end: string };
  /** Ranked: most relevant and most widely reported first. */
  entries: DigestEntry[];
  /** What an empty digest does: post a short "no new items" line, or nothing. */
  whenEmpty: 'line' | 'nothing';
  /** The send record of this (channel, date), or null when nothing was attempted yet. */
  send: DigestSendStatus | null;
  /** ISO instant the digest was computed. */
  generatedAt: string;
}
