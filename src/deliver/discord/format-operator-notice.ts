/**
 * The message posted to the operators channel when a source goes silent (or recovers). Plain content, no
 * mentions, within Discord's content limit.
 */
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
  const when = Number.isFinite(since) ? ` · since <t:${Math.floor(since / 1000)}:R>` : '';
  const heading = HEADINGS[notice.kind] ?? `Source silent (${notice.kind})`;
  const name = fitDisplayText(notice.sourceName, 100);
  const content = trimToLimit(
    `⚠️ **${heading}: ${name}** (\`${notice.sourceId}\`)\n${fitDisplayText(notice.reason, 1500)}${when}`,
    discordLimits.content,
  );
  return { content, embeds: [], allowed_mentions: { parse: [] } };
}
