/** Which hosts a source's requests (and their redirects) may reach. */

function bareHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

/** `example.com`, `example.com:8443`, `[::1]:8080` → host and optional port. */
function parseEntry(entry: string): { host: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1] ?? '', ...(bracketed[2] ? { port: Number(bracketed[2]) } : {}) };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  if (withPort) return { host: withPort[1] ?? '', port: Number(withPort[2]) };
  return { host: entry };
}

/** The port a URL connects to (its explicit port, else the scheme default). */
export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/**
 * Whether `hostname` is one of `allowedHosts` or a subdomain of one. A leading `www.` on an allowed entry is
 * ignored, so `www.example.com` also admits `example.com` (outlets redirect between the two all the time).
 * An entry with a port (`example.com:8443`) admits that port only, and only when `port` is given. An empty list
 * allows nothing.
 */
export function isHostAllowed(hostname: string, allowedHosts: readonly string[], port?: number): boolean {
  const host = bareHost(hostname);
  return allowedHosts.some((entry) => {
    const parsed = parseEntry(entry.trim());
    if (parsed.port !== undefined && parsed.port !== port) return false;
    const allowed = bareHost(parsed.host).replace(/^www\./, '');
    return allowed.length > 0 && (host === allowed || host.endsWith(`.${allowed}`));
  });
}
