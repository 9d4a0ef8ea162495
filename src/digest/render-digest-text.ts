/** The digest as plain text for a terminal (`raqib digest preview`). Pure. */
import { DateTime } from 'luxon';
import type { Digest } from './digest-types.js';

const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

function oneLine(text: string, max: number): string {
  const clean = text.replace(BIDI_CONTROLS, '').replace(/\s+/gu, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}

function local(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm');
}

export function renderDigestText(digest: Digest): string {
  const lines: string[] = [];
  const schedule = digest.scheduled
    ? `${digest.time} ${digest.timeZone}`
    : `no digest configured; previewed with ${digest.time} ${digest.timeZone}`;
  lines.push(`Digest for ${digest.channelId} · ${digest.date} · ${schedule}`);
  lines.push(
    `window: ${local(digest.window.start, digest.timeZone)} → ${local(digest.window.end, digest.timeZone)} (${digest.timeZone})`,
  );
  const send = digest.send;
  if (!send) lines.push('status: not sent yet');
  else if (send.state === 'sent' || send.state === 'empty')
    lines.push(
      `status: ${send.state}${send.late ? ' (late)' : ''} at ${send.sentAt ? local(send.sentAt, digest.timeZone) : '?'} (${digest.timeZone}), ${send.messageIds.length} message(s)`,
    );
  else
    lines.push(
      `status: ${send.state}, ${send.messageIds.length}/${send.pageCount ?? '?'} page(s) posted${send.lastError ? ` — ${send.lastError}` : ''}`,
    );
  if (digest.entries.length === 0) {
    lines.push(
      digest.whenEmpty === 'line'
        ? 'No new items (the channel gets a short "no new items" line).'
        : 'No new items (the channel gets nothing).',
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${digest.entries.length} ${digest.entries.length === 1 ? 'story' : 'stories'}:`);
  digest.entries.forEach((entry, index) => {
    const outlets = entry.outlets.length;
    const marker = entry.alerted ? '  [alerted]' : '';
    lines.push(
      `${String(index + 1).padStart(3)}. [${entry.score.toFixed(2)} · ${outlets} outlet${outlets === 1 ? '' : 's'}] ${oneLine(entry.headline, 160)}${marker}`,
    );
    lines.push(`     ${entry.outlets.map((o) => `${oneLine(o.name, 40)} <${o.url}>`).join(', ')}`);
    lines.push(`     first seen ${entry.firstSeenLocal} · ${oneLine(entry.reason, 160)}`);
  });
  return `${lines.join('\n')}\n`;
}
