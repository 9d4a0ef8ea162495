/**
 * The short message posted in an alert's thread when more outlets report the story.
 */
import { isolate, label, type LabelLanguage } from './bidi.js';
import { chooseLink } from './link-choice.js';
import { discordLimits, type DiscordMessagePayload } from './discord-payload.js';
import { fitDisplayText, trimToLimit } from './fit-text.js';

/**
 * "Also reported by …" as plain content with masked links; never pings (allowed_mentions is empty). Headline and
 * outlet are isolated runs, so an Arabic headline followed by a Latin outlet (or the reverse) keeps its order.
 */
export function formatFollowUp(
  reports: Array<{ outlet: string; url: string; headline?: string | null }>,
  language: LabelLanguage = 'both',
): DiscordMessagePayload {
  const lines: string[] = [];
  let length = 0;
  for (const [index, report] of reports.entries()) {
    const name = isolate(fitDisplayText(report.outlet.replace(/[[\]]/g, '') || 'outlet', 98));
    // A long link (percent-encoded Arabic slugs) is still linked, up to Discord's URL limit: never dropped.
    const url = chooseLink(report)?.url ?? null;
    // The new report's own headline (linked) names what was reported; the outlet follows it.
    const headline = report.headline
      ? isolate(fitDisplayText(report.headline.replace(/[[\]]/g, ''), 198))
      : '';
    const label = headline || name;
    const linked = url ? `[${label}](<${url}>)` : label;
    const line = `• ${headline ? `${linked} — ${name}` : linked}`;
    if (length + line.length + 40 > discordLimits.content) {
      lines.push(`+${reports.length - index} more`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  const content = trimToLimit(
    [`**${label(language, 'Also reported by', 'نقلته أيضاً')}**`, ...lines].join('\n'),
    discordLimits.content,
  );
  return { content, embeds: [], allowed_mentions: { parse: [] } };
}
