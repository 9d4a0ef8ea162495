/** Which hosts a source's requests (and their redirects) may reach. */

function bareHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

/**
 * Whether `hostname` is one of `allowedHosts` or a subdomain of one. A leading `www.` on an allowed entry is
 * ignored, so `www.example.com` also admits `example.com` (outlets redirect between the two all the time).
 * An empty list allows nothing.
 */
export function isHostAllowed(hostname: string, allowedHosts: readonly string[]): boolean {
  const host = bareHost(hostname);
  return allowedHosts.some((entry) => {
    const allowed = bareHost(entry).replace(/^www\./, '');
    return allowed.length > 0 && (host === allowed || host.endsWith(`.${allowed}`));
  });
}
