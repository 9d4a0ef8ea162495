/**
 * Turns a digest into as few Discord messages as the limits allow: entries are packed in ranking order into embed
 * descriptions (≤ 4096 characters each), up to 10 embeds and 6,000 characters per message. Scraped text is
 * cleaned, markdown-escaped and RTL-isolated like alerts; no mention is ever allowed.
 */
import { embedLength, type APIEmbed } from 'discord.js';
import { discordLimits, type DiscordMessagePayload } from '../discord/discord-payload.js';
import { cleanScraped, fitDisplayText, safeUrl, trimToLimit } from '../discord/fit-text.js';

/** What the formatter shows; src/digest's Digest has this shape (the pipeline passes it). */
export interface DigestView {
  channelId: string;
  date: string;
  timeZone: string;
  time: string;
  window: { start: string; end: string };
  whenEmpty: 'line' | 'nothing';
  entries: Array<{
    storyId: string;
    headline: string;
    url: string;
    outlets: Array<{ name: string; url: string }>;
    firstSeenLocal: string;
    reason: string;
    score: number;
    alerted: boolean;
  }>;
}

export interface DigestFormatOptions {
  /** Sent after its scheduled time (raqib was down): say so at the top. */
  late?: boolean;
  /** Override the per-message character budget (tests); never above Discord's 6,000. */
  messageBudget?: number;
}

/** Per-entry budgets, far below the limits so any one entry always fits an empty embed. */
const budgets = { headline: 220, outlet: 60, outletUrl: 400, outlets: 1000, reason: 160 } as const;
const COLOR_DIGEST = 0x2e86c1;
const COLOR_LATE = 0xe67e22;
/** Room kept free in every message for the page label " (12/34)" and rounding. */
const LABEL_RESERVE = 16;

/** The digest's pages: one Discord message each. Empty when there is nothing to post (`whenEmpty: nothing`). */
export function formatDigest(digest: DigestView, options: DigestFormatOptions = {}): DiscordMessagePayload[] {
  const late = options.late ?? false;
  const baseTitle = `Daily digest · الملخص اليومي — ${digest.date}`;
  const footer = trimToLimit(
    `raqib · ${digest.channelId} · ${digest.entries.length} ${digest.entries.length === 1 ? 'story' : 'stories'} · ` +
      `${digest.time} ${digest.timeZone}`,
    discordLimits.footer,
  );
  const color = late ? COLOR_LATE : COLOR_DIGEST;
  const lateNote = late
    ? `**Sent late · أُرسل متأخراً** — this digest was due at ${digest.time} (${digest.timeZone}).`
    : null;

  if (digest.entries.length === 0) {
    if (digest.whenEmpty === 'nothing') return [];
    const description = [
      lateNote,
      'No new items since the previous digest · لا أخبار جديدة منذ الملخص السابق.',
    ]
      .filter(Boolean)
      .join('\n\n');
    return [
      {
        embeds: [{ title: baseTitle, description, color, footer: { text: footer } }],
        allowed_mentions: { parse: [] },
      },
    ];
  }

  const budget = Math.min(options.messageBudget ?? discordLimits.embedTotal, discordLimits.embedTotal);
  const fixed = baseTitle.length + LABEL_RESERVE + footer.length;
  const blocks = digest.entries.map((entry, index) => formatEntry(entry, index + 1));
  if (lateNote) blocks.unshift(lateNote);

  // Greedy packing in ranking order: a block goes into the current embed if it fits its 4096 and the message's
  // total; otherwise a new embed in the same message; otherwise a new message.
  const messages: string[][] = [];
  let embeds: string[] = [''];
  let total = fixed;
  const SEP = '\n\n';
  for (const block of blocks) {
    const current = embeds[embeds.length - 1] ?? '';
    const addToEmbed = current ? SEP.length + block.length : block.length;
    if (current.length + addToEmbed <= discordLimits.description && total + addToEmbed <= budget) {
      embeds[embeds.length - 1] = current ? current + SEP + block : block;
      total += addToEmbed;
      continue;
    }
    if (embeds.length < discordLimits.embeds && total + block.length <= budget) {
      embeds.push(block);
      total += block.length;
      continue;
    }
    messages.push(embeds);
    embeds = [block];
    total = fixed + block.length;
  }
  messages.push(embeds);

  return messages.map((descriptions, pageIndex) => {
    const label = messages.length > 1 ? ` (${pageIndex + 1}/${messages.length})` : '';
    const list: APIEmbed[] = descriptions.map((description, embedIndex) => ({
      ...(embedIndex === 0 ? { title: trimToLimit(baseTitle + label, discordLimits.title) } : {}),
      description,
      color,
    }));
    const last = list[list.length - 1] as APIEmbed;
    last.footer = { text: footer };
    if (pageIndex === messages.length - 1) last.timestamp = digest.window.end;
    assertWithinLimits(list);
    return { embeds: list, allowed_mentions: { parse: [] } };
  });
}

/**
 * One entry: rank and linked headline (RTL-isolated, in its own language), alerted marker, outlets with links,
 * first-seen time, one-line reason.
 */
export function formatEntry(entry: DigestView['entries'][number], rank: number): string {
  const headline = fitDisplayText(entry.headline || entry.url, budgets.headline).replace(/[[\]]/g, '');
  const url = safeUrl(entry.url, budgets.outletUrl);
  const title = url ? `[${headline}](${url})` : headline;
  const marker = entry.alerted ? ' · 🔔 alerted · نُبّه' : '';
  const lines = [`**${rank}.** ${title}${marker}`];
  const outlets = formatOutlets(entry.outlets);
  const seen = `first seen ${cleanScraped(entry.firstSeenLocal, 40)}`;
  lines.push(outlets ? `${outlets} — ${seen}` : seen);
  const score = Number.isFinite(entry.score) ? entry.score.toFixed(2) : '?';
  lines.push(`↳ ${fitDisplayText(entry.reason || 'relevant', budgets.reason)} · ${score}`);
  return lines.join('\n');
}

/** Masked links, as many as fit whole, then "+N more": a link is never cut in half. */
function formatOutlets(outlets: DigestView['entries'][number]['outlets']): string {
  const parts: string[] = [];
  let length = 0;
  for (const [index, outlet] of outlets.entries()) {
    const name = fitDisplayText(outlet.name, budgets.outlet).replace(/[[\]]/g, '') || 'outlet';
    const url = safeUrl(outlet.url, budgets.outletUrl);
    const part = url ? `[${name}](${url})` : name;
    const rest = outlets.length - index - 1;
    const reserve = rest > 0 ? ` · +${rest} more`.length : 0;
    if (length + part.length + 3 + reserve > budgets.outlets) {
      parts.push(`+${outlets.length - index} more`);
      break;
    }
    parts.push(part);
    length += part.length + 3;
  }
  return parts.join(' · ');
}

/** Every documented limit; a violation is a bug in the packing above, never something to send. */
export function assertWithinLimits(embeds: APIEmbed[]): void {
  const problems: string[] = [];
  if (embeds.length > discordLimits.embeds) problems.push(`${embeds.length} embeds`);
  let total = 0;
  for (const embed of embeds) {
    total += embedLength(embed);
    if ((embed.title?.length ?? 0) > discordLimits.title) problems.push('title');
    if ((embed.description?.length ?? 0) > discordLimits.description) problems.push('description');
    if ((embed.footer?.text.length ?? 0) > discordLimits.footer) problems.push('footer');
    if ((embed.fields?.length ?? 0) > discordLimits.fields) problems.push('fields');
    for (const field of embed.fields ?? []) {
      if (field.name.length > discordLimits.fieldName) problems.push('field name');
      if (field.value.length > discordLimits.fieldValue) problems.push('field value');
    }
  }
  if (total > discordLimits.embedTotal) problems.push(`${total} characters in one message`);
  if (problems.length > 0) throw new Error(`digest page exceeds Discord limits: ${problems.join(', ')}`);
}
