/**
 * Operator and subscriber labels stored in raqib's database (table `feedback`) as labelled items for
 * `npm run eval:relevance -- --with-feedback`. An item's label is the majority of its labels; ties are skipped.
 * Reads DATABASE_URL, or the embedded PGlite under DATA_DIR (which a running `raqib start` holds locked).
 */
import { loadEnv } from '../../src/config/env.js';
import { openDb } from '../../src/store/db.js';
import { listLabelledItems } from '../../src/store/feedback-repo.js';
import type { LabelledItem } from './labelled-items.js';

export interface FeedbackItems {
  items: LabelledItem[];
  /** Items whose labels are evenly split. */
  ties: number;
  where: string;
}

export async function readFeedbackItems(
  options: { dataDir?: string | undefined } = {},
): Promise<FeedbackItems> {
  const env = loadEnv();
  const dataDir = options.dataDir ?? env.DATA_DIR;
  const where = env.DATABASE_URL ? 'DATABASE_URL' : `PGlite in ${dataDir}`;
  const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir });
  try {
    const rows = await listLabelledItems(db);
    let ties = 0;
    const items: LabelledItem[] = [];
    for (const row of rows) {
      if (row.relevant === row.notRelevant) {
        ties += 1;
        continue;
      }
      items.push({
        id: `feedback:${row.itemId}`,
        lang: row.language,
        title: row.title,
        text: row.text ?? '',
        url: row.url,
        label: row.relevant > row.notRelevant ? 1 : 0,
        grade: null,
        category: 'feedback',
        date: row.publishedAt,
        file: where,
      });
    }
    return { items, ties, where };
  } finally {
    await db.close();
  }
}
