/**
 * The browser layer's renderer: Debian's chromium driven by playwright-core (the only playwright import). One browser
 * per worker process, one reused page (≈105 ms/page reused vs ≈290 ms for a new page, STACK-NOTES §5), renders run
 * one at a time, images, fonts and media blocked.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Logger } from 'pino';
import { FetchError } from '../http/fetch-error.js';
import type { BrowserRenderer, RenderedPage, RenderOptions } from './browser-types.js';

/** Debian's chromium; override with `executablePath`. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-quic',
];
const BLOCKED = new Set(['image', 'font', 'media']);

export interface ChromiumRendererOptions {
  /** Default `/usr/bin/chromium`. */
  executablePath?: string;
  userAgent?: string;
  /** Default navigation timeout in ms (30 000). */
  timeoutMs?: number;
  /** Largest HTML returned, in characters (default 8 Mi). */
  maxHtmlChars?: number;
  logger?: Logger;
}

/**
 * Create a renderer. The browser starts on the first `render` and is reused until `close()`; if it crashes the next
 * render starts a new one.
 */
export function createChromiumRenderer(options: ChromiumRendererOptions = {}): BrowserRenderer {
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function ensurePage(): Promise<Page> {
    if (page && !page.isClosed() && browser?.isConnected()) return page;
    await shutdown();
    browser = await chromium.launch({
      executablePath: options.executablePath ?? DEFAULT_CHROMIUM_PATH,
      headless: true,
      args: LAUNCH_ARGS,
    });
    context = await browser.newContext({ userAgent: options.userAgent, javaScriptEnabled: true });
    await context.route('**/*', (route) => {
      if (BLOCKED.has(route.request().resourceType())) return route.abort();
      return route.continue();
    });
    page = await context.newPage();
    return page;
  }

  async function shutdown(): Promise<void> {
    const b = browser;
    browser = null;
    context = null;
    page = null;
    if (b) await b.close().catch(() => undefined);
  }

  async function renderOnce(url: string, opts: RenderOptions): Promise<RenderedPage> {
    const timeout = opts.timeoutMs ?? options.timeoutMs ?? 30_000;
    const p = await ensurePage();
    try {
      const response = await p.goto(url, { waitUntil: 'domcontentloaded', timeout });
      const finalUrl = p.url();
      const host = new URL(finalUrl).hostname.toLowerCase();
      if (!opts.allowedHosts.some((a) => host === a || host.endsWith(`.${a}`))) {
        throw new FetchError('host-not-allowed', url, `browser landed on ${host}, which is not allowed`);
      }
      if (response && response.status() >= 400) {
        throw new FetchError('http-status', url, `HTTP ${response.status()}`, { status: response.status() });
      }
      if (opts.waitFor) await p.waitForSelector(opts.waitFor, { timeout });
      const html = await p.content();
      const max = options.maxHtmlChars ?? 8 * 1024 * 1024;
      if (html.length > max) throw new FetchError('too-large', url, `rendered page has ${html.length} chars`);
      return { html, finalUrl };
    } catch (error) {
      if (error instanceof FetchError) throw error;
      const message = (error as Error).message.split('\n')[0] ?? 'render failed';
      options.logger?.warn({ url, err: message }, 'browser render failed');
      throw new FetchError(/timeout/i.test(message) ? 'timeout' : 'network', url, `browser: ${message}`, {
        cause: error,
      });
    } finally {
      // Leave the reused page blank so a heavy page's scripts stop running between renders.
      await p.goto('about:blank').catch(() => undefined);
    }
  }

  return {
    render(url, opts) {
      // One page, so renders run one after another.
      const next = queue.then(() => renderOnce(url, opts));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue;
      await shutdown();
    },
  };
}
