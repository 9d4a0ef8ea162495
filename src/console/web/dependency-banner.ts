/**
 * A banner at the top of every dashboard page while Redis or PostgreSQL is unreachable. It reads the process's
 * own dependency state (`runtime.dependencies`, fed by the clients' error/ready events and a PostgreSQL probe; the
 * same state as `raqib_dependency_up` on /metrics), so it shows what this process sees, on every HTML response
 * (pages, 404s and error pages alike).
 */
import type { MiddlewareHandler } from 'hono';
import type { Dependency } from '../../app/dependency-health.js';
import { html, type Html } from './html.js';

/** The part of the runtime's dependency health the dashboard reads. */
export interface DependencyStatus {
  isUp(dependency: Dependency): boolean;
}

const DEPENDENCIES: ReadonlyArray<{ id: Dependency; name: string; setting: string; effect: string }> = [
  {
    id: 'postgres',
    name: 'PostgreSQL',
    setting: 'DATABASE_URL',
    effect: 'nothing new is stored and these pages may fail or be out of date',
  },
  {
    id: 'redis',
    name: 'Redis',
    setting: 'REDIS_URL',
    effect: 'no crawl, article or delivery job runs and the queues page cannot be read',
  },
];

/** The dependencies `status` reports down, in a fixed order; none without a status. */
export function downDependencies(status: DependencyStatus | undefined): Dependency[] {
  if (!status) return [];
  return DEPENDENCIES.filter((d) => !status.isUp(d.id)).map((d) => d.id);
}

export function renderDependencyBanner(down: readonly Dependency[]): Html {
  if (down.length === 0) return html``;
  return html`<div class="dependency-banner" role="alert" data-role="dependency-down">
    ${DEPENDENCIES.filter((d) => down.includes(d.id)).map(
      (d) =>
        html`<p data-dependency="${d.id}">
          <strong>${d.name} is unreachable</strong> (check <code>${d.setting}</code>): raqib keeps
          reconnecting; until it is back, ${d.effect}.
        </p>`,
    )}
    <p class="small">
      This process's view, as <a href="/metrics">raqib_dependency_up</a> on /metrics. Reload to see whether it
      is back.
    </p>
  </div>`;
}

/** Put the banner at the top of `<main>` of every HTML response while a dependency is down. */
export function dependencyBanner(status: DependencyStatus | undefined): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const down = downDependencies(status);
    if (down.length === 0) return;
    if (!(c.res.headers.get('content-type') ?? '').startsWith('text/html')) return;
    const page = await c.res.text();
    const at = page.indexOf('<main>');
    const body =
      at < 0 ? page : `${page.slice(0, at + 6)}${renderDependencyBanner(down).value}${page.slice(at + 6)}`;
    const { status: code, headers: old } = c.res;
    const headers = new Headers(old);
    headers.delete('content-length');
    c.res = undefined; // else Hono copies the old headers, its length among them, onto the new response
    c.res = new Response(body, { status: code, headers });
  };
}
