/**
 * Turns a digest into as few Discord messages as the limits allow: up to 25 stories per message, packed in
 * ranking order into embed descriptions (≤ 4,096 characters each), up to 10 embeds and 6,000 characters per
 * message. Each story shows what happened — linked headline, one-line summary, the outlets with links — and no
 * scores or classifier reasons. Every mixed Arabic/English line is built from isolated runs (see ../discord/bidi).
 * Scraped text is cleaned and markdown-escaped like alerts; no mention is ever allowed.
 */
import { embedLength, type APIEmbed } from 'discord.js';
import { isolate, label, ltr, rtl, type LabelLanguage } from '../discord/bidi.js';
import { discordLimits, type DiscordMessagePayload } from '../discord/discord-payload.js';
import { fitDisplayText, isRightToLeft, trimToLimit } from '../discord/fit-text.js';
import { chooseLink, type LinkRef } from '../discord/link-choice.js';

/** What the formatter shows; src/digest's Digest has this shape (the pipeline passes it). */
export interface DigestView {
  channelId: string;
  date: string;
  timeZone: string;
  time: string;
  window: { start: string; end: string };
  whenEmpty: 'line' | 'nothing';
  /** Label language of the channel and the order of its Arabic and English groups. @defaultValue 'both' */
  language?: LabelLanguage;
  entries: Array<
    LinkRef & {
      storyId: string;
      headline: string;
      lang?: string | null;
      dir?: 'rtl' | 'ltr';
      /** One line of what happened. @defaultValue undefined (no summary line) */
      summary?: string | null;
      outlets: Array<LinkRef & { name: string }>;
      alerted: boolean;
      /** Not shown (the operator's preview and the dashboard show them). */
      firstSeenLocal?: string;
      reason?: string;
      score?: number;
    }
  >;
}

type Entry = DigestView['entries'][number];

export interface DigestFormatOptions {
  /** Sent after its scheduled time (raqib was down): say so at the top. */
  late?: boolean;
  /** Override the per-message character budget (tests); never above Discord's 6,000. */
  messageBudget?: number;
  /** PUBLIC_DASHBOARD_URL: links too long for Discord fall back to its `/i/<id>` redirect. */
  publicDashboardUrl?: string | null | undefined;
}

/** Stories per message: a digest reader scans one message. */
export const STORIES_PER_MESSAGE = 25;
/** Per-entry budgets, far below the limits so any one entry always fits an empty embed. */
const budgets = { headline: 200, shortHeadline: 80, summary: 180, outlet: 50, shortOutlet: 24, outlets: 900 };
const COLOR_DIGEST = 0x2e86c1;
const COLOR_LATE = 0xe67e22;
/** Room kept free in every message for the page label and rounding. */
const LABEL_RESERVE = 24;
const SEP = '\n\n';

/** The digest's pages: one Discord message each. Empty when there is nothing to post (`whenEmpty: nothing`). */
export function formatDigest(digest: DigestView, options: DigestFormatOptions = {}): DiscordMessagePayload[] {
  const language = digest.language ?? 'both';
  const late = options.late ?? false;
  const footer = trimToLimit(digestFooter(digest, language), discordLimits.footer);
  const color = late ? COLOR_LATE : COLOR_DIGEST;
  const lateNote = late ? lateLine(digest, language) : null;

  if (digest.entries.length === 0) {
    if (digest.whenEmpty === 'nothing') return [];
    const description = [lateNote, emptyLine(language)].filter(Boolean).join(SEP);
    const embed: APIEmbed = {
      title: digestTitle(digest.date, language),
      description,
      color,
      footer: { text: footer },
    };
    return [{ embeds: [embed], allowed_mentions: { parse: [] } }];
  }

  const budget = Math.min(options.messageBudget ?? discordLimits.embedTotal, discordLimits.embedTotal);
  const fixed = digestTitle(digest.date, language).length + LABEL_RESERVE + footer.length;
  const blocks = orderedBlocks(digest.entries, language, options.publicDashboardUrl ?? null);
  if (lateNote && blocks[0]) blocks[0] = `${lateNote}${SEP}${blocks[0]}`;

  // Greedy packing in display order: a story goes into the current embed if it fits its 4096 and the message's
  // total; otherwise a new embed in the same message; otherwise (or after 25 stories) a new message.
  const messages: string[][] = [];
  let embeds: string[] = [''];
  let total = fixed;
  let stories = 0;
  for (const block of blocks) {
    const current = embeds[embeds.length - 1] ?? '';
    const addToEmbed = current ? SEP.length + block.length : block.length;
    if (stories < STORIES_PER_MESSAGE) {
      if (current.length + addToEmbed <= discordLimits.description && total + addToEmbed <= budget) {
        embeds[embeds.length - 1] = current ? current + SEP + block : block;
        total += addToEmbed;
        stories++;
        continue;
      }
      if (embeds.length < discordLimits.embeds && total + block.length <= budget) {
        embeds.push(block);
        total += block.length;
        stories++;
        continue;
      }
    }
    messages.push(embeds);
    embeds = [block];
    total = fixed + block.length;
    stories = 1;
  }
  messages.push(embeds);

  return messages.map((descriptions, pageIndex) => {
    const page = messages.length > 1 ? { index: pageIndex + 1, total: messages.length } : undefined;
    const list: APIEmbed[] = descriptions.map((description, embedIndex) => ({
      ...(embedIndex === 0 ? { title: digestTitle(digest.date, language, page) } : {}),
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
 * `Daily digest · الملخص اليومي — 2026-11-22 (1/2)` with every run isolated, so the date and the counter keep
 * their order in a left-to-right or right-to-left paragraph. `date` is already the channel's local date.
 */
export function digestTitle(
  date: string,
  language: LabelLanguage,
  page?: { index: number; total: number },
): string {
  const counter = page ? ` (${page.index}/${page.total})` : '';
  if (language === 'en') return `Daily digest — ${date}${counter}`;
  if (language === 'ar') return rtl(`الملخص اليومي — ${ltr(date)}${page ? ` ${ltr(counter.trim())}` : ''}`);
  return `${ltr('Daily digest')} · ${rtl('الملخص اليومي')} — ${ltr(`${date}${counter}`)}`;
}

/** The line of an empty digest; each sentence keeps its own full stop inside its own isolate. */
export function emptyLine(language: LabelLanguage): string {
  const en = 'No new items since the previous digest.';
  const ar = 'لا أخبار جديدة منذ الملخص السابق.';
  if (language === 'en') return en;
  if (language === 'ar') return rtl(ar);
  return `${ltr(en)} · ${rtl(ar)}`;
}

function lateLine(digest: DigestView, language: LabelLanguage): string {
  const due = ltr(`${digest.time} (${digest.timeZone})`);
  const en = `**Sent late** — this digest was due at ${due}.`;
  const ar = rtl(`**أُرسل متأخراً** — كان موعد هذا الملخص ${due}.`);
  if (language === 'en') return en;
  if (language === 'ar') return ar;
  return `${ltr(en)}\n${ar}`;
}

function digestFooter(digest: DigestView, language: LabelLanguage): string {
  const n = digest.entries.length;
  const en = `${n} ${n === 1 ? 'story' : 'stories'}`;
  const ar = n === 1 ? 'خبر واحد' : n === 2 ? 'خبران' : n >= 3 && n <= 10 ? `${n} أخبار` : `${n} خبرًا`;
  const count = language === 'en' ? en : language === 'ar' ? rtl(ar) : `${ltr(en)} · ${rtl(ar)}`;
  // The embed timestamp (the window's end, in each reader's zone) follows the footer; no schedule repeated here.
  return `raqib · ${count}`;
}

/**
 * The entries as text blocks in display order: Arabic and English groups (the channel's language first; with
 * `both`, the group holding the top story first), ranked inside each group and numbered through. A group heading
 * is shown only when both groups have stories.
 */
function orderedBlocks(entries: Entry[], language: LabelLanguage, dashboardUrl: string | null): string[] {
  const arabic = entries.filter(isArabicEntry);
  const english = entries.filter((e) => !isArabicEntry(e));
  const arabicFirst =
    language === 'ar' || (language === 'both' && entries[0] !== undefined && isArabicEntry(entries[0]));
  const groups: Array<{ heading: string; entries: Entry[] }> = [
    { heading: label(language, 'In Arabic', 'بالعربية'), entries: arabic },
    { heading: label(language, 'In English', 'بالإنجليزية'), entries: english },
  ];
  if (!arabicFirst) groups.reverse();
  const headed = arabic.length > 0 && english.length > 0;
  const blocks: string[] = [];
  for (const group of groups) {
    group.entries.forEach((entry, index) => {
      const block = formatEntry(entry, blocks.length + 1, dashboardUrl);
      blocks.push(headed && index === 0 ? `__**${group.heading}**__\n${block}` : block);
    });
  }
  return blocks;
}

function isArabicEntry(entry: Entry): boolean {
  if (entry.lang) return entry.lang.toLowerCase().split('-')[0] === 'ar';
  if (entry.dir) return entry.dir === 'rtl';
  return isRightToLeft(entry.headline);
}

/** Text for a masked-link label: isolated, without the brackets that would end the label early. */
function linkLabel(text: string, max: number): string {
  return isolate(fitDisplayText(text.replace(/[[\]]/gu, ''), max));
}

/**
 * One story: rank and linked headline, the alerted bell, the one-line summary, and the outlets — each outlet
 * linked to its own report, unless that link is the headline's (no URL appears twice in one entry).
 */
export function formatEntry(entry: Entry, rank: number, dashboardUrl: string | null = null): string {
  const used = new Set<string>();
  const link = chooseLink(entry, dashboardUrl);
  const headlineText = linkLabel(
    entry.headline || entry.url,
    link?.long ? budgets.shortHeadline : budgets.headline,
  );
  if (link) used.add(link.url);
  const title = link ? `[${headlineText}](${link.url})` : headlineText;
  const lines = [`**${rank}.** ${title}${entry.alerted ? ' 🔔' : ''}`];
  if (entry.summary) lines.push(isolate(fitDisplayText(entry.summary, budgets.summary)));
  const outlets = formatOutlets(entry, used, dashboardUrl);
  if (outlets) lines.push(outlets);
  return lines.join('\n');
}

/** Masked links, as many as fit whole, then "+N more": a link is never cut in half. */
function formatOutlets(entry: Entry, used: Set<string>, dashboardUrl: string | null): string {
  const parts: string[] = [];
  let length = 0;
  for (const [index, outlet] of entry.outlets.entries()) {
    const sameReport = outlet.url === entry.url || (outlet.itemId && outlet.itemId === entry.itemId);
    const link = sameReport ? null : chooseLink(outlet, dashboardUrl);
    const name = linkLabel(outlet.name || 'outlet', link?.long ? budgets.shortOutlet : budgets.outlet);
    const part = link && !used.has(link.url) ? `[${name}](${link.url})` : name;
    if (link) used.add(link.url);
    const rest = entry.outlets.length - index - 1;
    const reserve = rest > 0 ? ` · +${rest} more`.length : 0;
    if (length + part.length + 3 + reserve > budgets.outlets) {
      parts.push(`+${entry.outlets.length - index} more`);
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
