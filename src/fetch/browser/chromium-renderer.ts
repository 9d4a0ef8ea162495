/**
 * The browser layer's renderer: Debian's chromium driven by playwright-core (the only playwright import). One browser
 * per worker process, one reused page (≈105 ms/page reused vs ≈290 ms for a new page, STACK-NOTES §5), renders run
 * one at a time, images, fonts and media blocked. Every request the page makes (subresources, fetch/XHR, iframes,
 * WebSockets and each redirect hop) goes through a local proxy that applies the HTTP client's address guard
 * (`guard-proxy.ts`): loopback, private, link-local and other non-public addresses are refused unless trusted.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Logger } from 'pino';
import { createTrustedList } from '../http/address-guard.js';
import { FetchError } from '../http/fetch-error.js';
import { startGuardProxy, type GuardProxy } from './guard-proxy.js';
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
  // WebRTC may not send UDP around the proxy (STUN to a private address).
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
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
  /** Non-public addresses or ranges pages may reach anyway (`127.0.0.1:8080`, `10.1.0.0/16`), as the HTTP client's. */
  trustedAddresses?: string[];
  logger?: Logger;
}

/** Chromium with every request sent through the guard proxy at `proxyUrl`, images, fonts and media blocked. */
async function launchThroughProxy(
  options: ChromiumRendererOptions,
  proxyUrl: string,
): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? DEFAULT_CHROMIUM_PATH,
    headless: true,
    // `<-loopback>` removes chromium's implicit bypass, so loopback requests are guarded too.
    args: [...LAUNCH_ARGS, `--proxy-server=${proxyUrl}`, '--proxy-bypass-list=<-loopback>'],
  });
  // Service workers would answer requests the routes below never see.
  const context = await browser.newContext({
    userAgent: options.userAgent,
    javaScriptEnabled: true,
    serviceWorkers: 'block',
  });
  await context.route('**/*', (route) => {
    if (BLOCKED.has(route.request().resourceType())) return route.abort();
    return route.continue();
  });
  return { browser, page: await context.newPage() };
}

/** Open `url`; a navigation (or redirect hop) the guard refused is a `private-address` error. */
async function navigate(p: Page, url: string, timeout: number, refused: readonly string[]) {
  const refusal = (cause?: unknown) =>
    new FetchError('private-address', url, `browser: refused ${refused[0] ?? ''}`, { cause });
  const response = await p.goto(url, { waitUntil: 'domcontentloaded', timeout }).catch((error: unknown) => {
    throw refused.length > 0 ? refusal(error) : error;
  });
  const finalUrl = p.url();
  if (response?.status() === 403 && refused.some((b) => b.startsWith(new URL(finalUrl).host)))
    throw refusal();
  return { response, finalUrl };
}

/**
 * Create a renderer. The browser starts on the first `render` and is reused until `close()`; if it crashes the next
 * render starts a new one.
 */
export function createChromiumRenderer(options: ChromiumRendererOptions = {}): BrowserRenderer {
  let browser: Browser | null = null;
  let page: Page | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let proxy: GuardProxy | null = null;
  const isTrusted = createTrustedList(options.trustedAddresses ?? []);
  // Renders run one at a time, so the guard reads the current render's policy and records its refusals.
  let allowPrivate = false;
  let blocked: string[] = [];

  async function ensurePage(): Promise<Page> {
    if (page && !page.isClosed() && browser?.isConnected()) return page;
    await shutdown();
    proxy = await startGuardProxy({
      isTrusted,
      allowPrivate: () => allowPrivate,
      onBlocked: (target, why) => {
        if (blocked.length < 100) blocked.push(`${target} — ${why}`);
        options.logger?.warn({ target, why }, 'browser request to a non-public address refused');
      },
    });
    ({ browser, page } = await launchThroughProxy(options, proxy.url));
    return page;
  }

  async function shutdown(): Promise<void> {
    const b = browser;
    const px = proxy;
    browser = null;
    page = null;
    proxy = null;
    if (b) await b.close().catch(() => undefined);
    if (px) await px.close();
  }

  async function renderOnce(url: string, opts: RenderOptions): Promise<RenderedPage> {
    const timeout = opts.timeoutMs ?? options.timeoutMs ?? 30_000;
    const p = await ensurePage();
    allowPrivate = opts.allowPrivateAddresses === true;
    blocked = [];
    const refused = blocked;
    try {
      const { response, finalUrl } = await navigate(p, url, timeout, refused);
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
      if (refused.length > 0)
        options.logger?.warn(
          { url, blocked: refused.length },
          'page requests to non-public addresses refused',
        );
      return { html, finalUrl, blocked: [...refused] };
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
      allowPrivate = false;
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
