/** Discord's documented message limits, checked independently of raqib's own constants (see fake-discord.ts). */
/**
 * Every way `body` (a message create/edit body as recorded) breaks Discord's documented limits, or leaks a
 * mention: independent of raqib's own limit constants so the check can fail.
 */
export function discordLimitViolations(body: unknown, allowedRoles: string[] = []): string[] {
  const problems: string[] = [];
  const b = (body ?? {}) as {
    content?: unknown;
    embeds?: Array<Record<string, unknown>>;
    allowed_mentions?: { parse?: unknown[]; roles?: string[]; users?: string[] };
  };
  if (typeof b.content === 'string' && b.content.length > 2000)
    problems.push(`content ${b.content.length} > 2000`);
  const am = b.allowed_mentions;
  if (!am) problems.push('allowed_mentions missing');
  else {
    if (!Array.isArray(am.parse) || am.parse.length > 0)
      problems.push(`allowed_mentions.parse ${JSON.stringify(am.parse)}`);
    if (am.users && am.users.length > 0) problems.push('allowed_mentions.users set');
    for (const role of am.roles ?? [])
      if (!allowedRoles.includes(role)) problems.push(`role ${role} not configured`);
  }
  const embeds = b.embeds ?? [];
  if (embeds.length > 10) problems.push(`${embeds.length} embeds > 10`);
  for (const embed of embeds) {
    const title = String(embed.title ?? '');
    const description = String(embed.description ?? '');
    const fields = (embed.fields as Array<{ name: string; value: string }> | undefined) ?? [];
    const footer = String((embed.footer as { text?: string } | undefined)?.text ?? '');
    const author = String((embed.author as { name?: string } | undefined)?.name ?? '');
    if (title.length > 256) problems.push(`title ${title.length} > 256`);
    if (description.length > 4096) problems.push(`description ${description.length} > 4096`);
    if (fields.length > 25) problems.push(`${fields.length} fields > 25`);
    for (const f of fields) {
      if (f.name.length > 256 || f.name.length === 0) problems.push(`field name length ${f.name.length}`);
      if (f.value.length > 1024 || f.value.length === 0)
        problems.push(`field value length ${f.value.length}`);
    }
    if (footer.length > 2048) problems.push(`footer ${footer.length} > 2048`);
    const total =
      title.length +
      description.length +
      footer.length +
      author.length +
      fields.reduce((sum, f) => sum + f.name.length + f.value.length, 0);
    if (total > 6000) problems.push(`embed total ${total} > 6000`);
  }
  return problems;
}
