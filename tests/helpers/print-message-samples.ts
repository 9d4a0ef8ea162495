/**
 * Prints sample messages as a reader sees their text (links as their labels, timestamps rendered for a reader in
 * Asia/Baghdad at SAMPLE_NOW): the README's alert and digest examples come from here.
 *   npx tsx tests/helpers/print-message-samples.ts [label…]
 */
import { DateTime } from 'luxon';
import type { APIEmbed } from 'discord.js';
import { SAMPLE_NOW, sampleMessages } from '../fixtures/message-samples.js';
import { shownText } from './bidi-visual.js';

function renderTimestamps(text: string): string {
  return text.replace(/<t:(-?\d+)(?::([a-zA-Z]))?>/gu, (_, n: string, style?: string) => {
    const date = DateTime.fromSeconds(Number(n), { zone: 'Asia/Baghdad' }).setLocale('en');
    if (style === 'R') return date.toRelative({ base: DateTime.fromJSDate(SAMPLE_NOW) }) ?? '';
    return date.toFormat('d LLLL yyyy HH:mm');
  });
}

const shown = (text: string) => renderTimestamps(shownText(text));

function embedText(embed: APIEmbed): string[] {
  const lines: string[] = [];
  if (embed.title) lines.push(shown(embed.title));
  if (embed.description) lines.push(shown(embed.description));
  for (const field of embed.fields ?? []) lines.push(shown(field.name), shown(field.value));
  const when = embed.timestamp
    ? DateTime.fromISO(embed.timestamp, { zone: 'Asia/Baghdad' }).toFormat('dd/MM/yyyy HH:mm')
    : null;
  const footer = [embed.footer?.text, when].filter(Boolean).join(' • ');
  if (footer) lines.push(footer);
  return lines;
}

const wanted = new Set(process.argv.slice(2));
for (const message of sampleMessages()) {
  if (wanted.size > 0 && !wanted.has(message.label)) continue;
  const lines = [
    ...(message.payload.content ? [shown(message.payload.content)] : []),
    ...message.payload.embeds.flatMap(embedText),
  ];
  process.stdout.write(`── ${message.label}\n${lines.join('\n')}\n\n`);
}
