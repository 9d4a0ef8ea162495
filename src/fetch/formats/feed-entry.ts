/** One feed entry's raw fields, before links resolve and text is cleaned (shared by the strict and tolerant readers). */
export interface RawEntry {
  link: string | undefined;
  title: string | undefined;
  summary: string | undefined;
  /** The publication date as the feed states it, unparsed (`pubDate`, `published`, `dc:date`, `dcterms:issued`). */
  dateText: string | undefined;
  /**
   * Every update date the entry states (`updated`, `dcterms:modified`), unparsed; used when `dateText` is absent or
   * unreadable, and the latest of them wins (an entry with two `<updated>` was revised: the later one is current).
   */
  updatedTexts?: string[] | undefined;
  guid: string | undefined;
  image: string | undefined;
  /** `xml:base` in force on the entry, resolved against the feed URL by the caller. */
  base?: string | undefined;
  /** The summary came from base64-encoded content and was decoded (the strict parser keeps it encoded). */
  decoded?: boolean | undefined;
}
