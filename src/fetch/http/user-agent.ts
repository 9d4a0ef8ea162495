/** The User-Agent raqib sends, and the product token robots.txt groups are matched against. */

/** The token robots.txt `User-agent:` lines are matched against. */
export const ROBOTS_AGENT_TOKEN = 'raqib';

/** `raqib/0.1 (news monitor; +<contact>)`; without a contact the parenthesis names only the purpose. */
export function buildUserAgent(contact: string | undefined): string {
  const trimmed = contact?.trim().replace(/[\r\n()]/g, '');
  return trimmed
    ? `${ROBOTS_AGENT_TOKEN}/0.1 (news monitor; +${trimmed})`
    : `${ROBOTS_AGENT_TOKEN}/0.1 (news monitor)`;
}
