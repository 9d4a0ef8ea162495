/**
 * Reads labelled JSONL (the development corpus or operator feedback): one object a line with id, lang, text,
 * label (0/1) and optional title, url, grade, category, date, story, repost_of.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const labelledSchema = z.object({
  id: z.string().min(1),
  lang: z.string().nullish(),
  text: z.string(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  label: z.union([z.literal(0), z.literal(1), z.boolean()]).transform((v) => (v === true || v === 1 ? 1 : 0)),
  grade: z.string().nullish(),
  category: z.string().nullish(),
  date: z.string().nullish(),
  /** Story slug and repost link: the grouping of cross-validation folds (bench/cv/grouped-folds.ts). */
  story: z.string().nullish(),
  repost_of: z.string().nullish(),
});

export type LabelledItem = z.infer<typeof labelledSchema> & { file: string };

/** Parse `file`; throws naming the file and line of the first invalid record. */
export function readLabelledItems(file: string): LabelledItem[] {
  const items: LabelledItem[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        throw new Error(`${file}:${i + 1}: not JSON: ${(error as Error).message}`, { cause: error });
      }
      const parsed = labelledSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new Error(`${file}:${i + 1}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
      }
      items.push({ ...parsed.data, file });
    });
  return items;
}
