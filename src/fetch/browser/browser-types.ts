/**
 * The contract of the browser layer: render a page with JavaScript and hand back its HTML. Only
 * `chromium-renderer.ts` imports playwright-core; crawl code and tests depend on this interface.
 */

/** How to render one page. */
export interface RenderOptions {
  /** A CSS selector to wait for before reading the HTML (default: none, read after DOMContentLoaded). */
  waitFor?: string | undefined;
  /** Hosts (and subdomains) the top-level page may be on; the renderer refuses others. */
  allowedHosts: readonly string[];
  /** Navigation plus wait timeout in ms (default 30 000). */
  timeoutMs?: number | undefined;
  /** The source's `allowPrivateAddresses`: the page may reach loopback and private addresses (tests, demos). */
  allowPrivateAddresses?: boolean | undefined;
}

export interface RenderedPage {
  html: string;
  /** URL after redirects. */
  finalUrl: string;
  /** Requests the page made that the address guard refused (`host:port — why`). */
  blocked: string[];
}

export interface BrowserRenderer {
  render(url: string, options: RenderOptions): Promise<RenderedPage>;
  close(): Promise<void>;
}
