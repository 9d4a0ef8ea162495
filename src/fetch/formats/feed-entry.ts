/** One feed entry's raw fields, before links resolve and text is cleaned (shared by the strict and tolerant readers). */
export interface RawEntry {
  link: string | undefined;
  title: string | undefined;
  summary: string | undefined;
  /** The date as the feed states it, unparsed. */
  dateText: string | undefined;
  guid: string | undefined;
  image: string | undefined;
  /** `xml:base` in force on the entry, resolved against the feed URL by the caller. */
  base?: string | undefined;
}
