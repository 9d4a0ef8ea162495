/**
 * The mount point for other areas: add one entry to `dashboardExtensions` (like the CLI's command list). Each
 * extension gets the runtime and returns routes, nav links and panels; `raqib start`, `raqib demo` and
 * `raqib dashboard` merge them into the dashboard they serve. Tests pass the same options to
 * `createDashboardApp(deps, options)` directly.
 */
import type { Runtime } from '../../app/runtime.js';
import { feedbackDashboardExtension } from '../feedback/feedback-dashboard.js';
import { pollingDashboardExtension } from '../websub/polling-dashboard.js';
import type { DashboardOptions, PageName, Panel } from './dashboard-types.js';
import { html } from './html.js';

export type DashboardExtension = (runtime: Runtime) => Omit<DashboardOptions, 'token'>;

export const dashboardExtensions: DashboardExtension[] = [
  feedbackDashboardExtension,
  pollingDashboardExtension,
];

/** Concatenate routes, nav links and panels; story extras render one after another. */
export function mergeDashboardOptions(
  base: DashboardOptions,
  extra: ReadonlyArray<Omit<DashboardOptions, 'token'>>,
): DashboardOptions {
  const all = [base, ...extra];
  const panels: Partial<Record<PageName, Panel[]>> = {};
  for (const options of all)
    for (const [page, list] of Object.entries(options.panels ?? {}) as Array<[PageName, Panel[]]>)
      panels[page] = [...(panels[page] ?? []), ...list];
  const storyExtras = all.flatMap((o) => (o.storyExtras ? [o.storyExtras] : []));
  return {
    token: base.token,
    publicHosts: base.publicHosts,
    ...(base.addSource ? { addSource: base.addSource } : {}),
    publicRoutes: all.flatMap((o) => o.publicRoutes ?? []),
    extraRoutes: all.flatMap((o) => o.extraRoutes ?? []),
    nav: all.flatMap((o) => o.nav ?? []),
    pages: all.flatMap((o) => o.pages ?? []),
    panels,
    ...(storyExtras.length > 0
      ? {
          storyExtras: async (story, c) => {
            const parts = [];
            for (const render of storyExtras) parts.push(await render(story, c));
            return html`${parts}`;
          },
        }
      : {}),
  };
}
