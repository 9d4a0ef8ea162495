/**
 * The message posted to the operators channel when a source goes silent (or recovers). Plain content, no
 * mentions, within Discord's content limit.
 */
import { isolate } from './bidi.js';
import { discordLimits, type DiscordMessagePayload } from './discord-payload.js';
import { fitDisplayText, trimToLimit } from './fit-text.js';

export interface SilentSourceNotice {
  sourceId: string;
  sourceName: string;
  kind: string;
  reason: string;
  /** ISO time the silence started. */
  since: string;
}

const HEADINGS: Record<string, string> = {
  quiet: 'Source gone quiet',
  'no-entries': 'Source finds no entries',
  'empty-text': 'Source articles extract no text',
};

/** "⚠ Source gone quiet: <name> (<id>) — reason · since <t:…:R>". */
export function formatSilentSourceNotice(notice: SilentSourceNotice): DiscordMessagePayload {
  const since = Date.parse(notice.since);
  const when = Number.isFinite(since) ? ` · since \u2068<t:${Math.floor(since / 1000)}:R>\u2069` : '';
  const heading = HEADINGS[notice.kind] ?? `Source silent (${notice.kind})`;
  // The source name (often Arabic) and the reason are isolated runs: the id, numbers and time keep their order.
  const name = isolate(fitDisplayText(notice.sourceName, 98));
  const reason = isolate(fitDisplayText(notice.reason, 1498));
  const content = trimToLimit(
    `⚠️ **${heading}: ${name}** (\`${notice.sourceId}\`)\n${reason}${when}`,
    discordLimits.content,
  );
  return { content, embeds: [], allowed_mentions: { parse: [] } };
}
