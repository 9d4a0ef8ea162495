/**
 * Visual test of the messages a subscriber sees: the real payloads of an Arabic alert, an English alert, an
 * updated alert, a thread follow-up and a two-language digest (tests/fixtures/message-samples.ts, built by the
 * real formatting code), drawn by a Discord-like HTML mock (tests/helpers/discord-mock.ts) in Chromium at phone
 * (390 px) and desktop (1366 px) width. Screenshots go to test-output/messages/. Checks: every alert takes at most
 * 12 lines at 390 px (line boxes measured in the page), and nothing overflows horizontally at either width.
 * Needs /usr/bin/chromium.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMessagesHtml } from '../../helpers/discord-mock.js';
import { SAMPLE_NOW, sampleMessages } from '../../fixtures/message-samples.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`message screenshots skipped: ${CHROMIUM} not found`);
const out = resolve('test-output/messages');

/** Visual lines of one message's embeds and content: text line boxes merged by vertical overlap. */
function measure(page: Page, label: string) {
  return page.evaluate((name) => {
    const section = document.querySelector(`section[data-label="${name}"]`);
    if (!section) throw new Error(`no message ${name}`);
    const boxes: Array<{ top: number; bottom: number }> = [];
    for (const part of section.querySelectorAll('.content, .embed')) {
      const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of range.getClientRects())
          if (rect.width > 0.5) boxes.push({ top: rect.top, bottom: rect.bottom });
      }
    }
    boxes.sort((a, b) => a.top - b.top);
    const lines: Array<{ top: number; bottom: number }> = [];
    for (const box of boxes) {
      const last = lines[lines.length - 1];
      const height = box.bottom - box.top;
      if (last && box.top < last.bottom - height / 2) last.bottom = Math.max(last.bottom, box.bottom);
      else lines.push({ ...box });
    }
    const overflowing = [
      ...section.querySelectorAll<HTMLElement>('.body, .content, .embed, .field, .description'),
    ]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.className);
    return { lines: lines.length, overflowing };
  }, label);
}

describe.skipIf(!haveChromium)('messages as a subscriber sees them (Chromium, Discord-like mock)', () => {
  let browser: Browser;
  const messages = sampleMessages();
  const html = renderMessagesHtml(messages, { now: SAMPLE_NOW });

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const width of [390, 1366]) {
    it(`draws every message at ${width} px without horizontal overflow${width === 390 ? ', alerts ≤ 12 lines' : ''}`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      try {
        await page.setContent(html);
        await page.screenshot({ path: `${out}/all-${width}.png`, fullPage: true });
        const pageOverflow = await page.evaluate(
          () => document.documentElement.scrollWidth - window.innerWidth,
        );
        expect(pageOverflow).toBeLessThanOrEqual(0);
        const report: Record<string, number> = {};
        for (const message of messages) {
          await page.locator(`section[data-label="${message.label}"]`).screenshot({
            path: `${out}/${message.label}-${width}.png`,
          });
          const { lines, overflowing } = await measure(page, message.label);
          report[message.label] = lines;
          expect(overflowing, message.label).toEqual([]);
          expect(lines, message.label).toBeGreaterThan(2);
          if (width === 390 && message.kind === 'alert') expect(lines, message.label).toBeLessThanOrEqual(12);
        }
        console.log(`lines at ${width} px: ${JSON.stringify(report)}`);
      } finally {
        await page.close();
      }
    });
  }

  it('the line count catches a long alert (the check can fail)', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
    try {
      const long = messages[0];
      if (!long) throw new Error('no sample');
      const embed = { ...long.payload.embeds[0], description: `${'سطر طويل من النص العربي '.repeat(40)}` };
      await page.setContent(
        renderMessagesHtml([{ label: 'long', payload: { ...long.payload, embeds: [embed] } }], {
          now: SAMPLE_NOW,
        }),
      );
      expect((await measure(page, 'long')).lines).toBeGreaterThan(12);
    } finally {
      await page.close();
    }
  });
});
