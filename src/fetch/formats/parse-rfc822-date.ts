/**
 * Tolerant RFC-822 / asctime date reading for feeds: full or short month names, optional day name (with extra
 * commas), optional time and seconds, two- or four-digit year, offsets with or without a colon, zone names mapped to
 * IANA zones (so DST is right) and `Etc/GMT±n`. Hand-written over luxon because luxon's RFC-2822 parser accepts only
 * the strict grammar. Pure.
 */
import { DateTime } from 'luxon';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Zone names real feeds send. Generic US names are IANA zones (DST applied); `AST` is Arabia Standard Time (+03:00):
 * this project's sources are Gulf/Iraqi outlets, where AST means that, not Atlantic time.
 */
const ZONES: Record<string, string> = {
  UT: 'UTC', UTC: 'UTC', GMT: 'UTC', Z: 'UTC', WET: 'UTC+0', BST: 'UTC+1', IST: 'UTC+5:30',
  ET: 'America/New_York', EST: 'UTC-5', EDT: 'UTC-4', CT: 'America/Chicago', CST: 'UTC-6', CDT: 'UTC-5',
  MT: 'America/Denver', MST: 'UTC-7', MDT: 'UTC-6', PT: 'America/Los_Angeles', PST: 'UTC-8', PDT: 'UTC-7',
  CET: 'UTC+1', MET: 'UTC+1', CEST: 'UTC+2', MEST: 'UTC+2', MESZ: 'UTC+2', EET: 'UTC+2', EEST: 'UTC+3',
  AST: 'UTC+3', ADT: 'UTC+4', MSK: 'UTC+3', GST: 'UTC+4', IRST: 'UTC+3:30', JST: 'UTC+9',
}; // prettier-ignore

const DAY = String.raw`(?:[A-Za-z]{3,9}\.?\s*,*\s*)?`;
const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?`;
const ZONE = String.raw`([+-]\d{2}:?\d{2}|[+-]\d{1,2}|(?:Etc/)?GMT[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]{1,5})`;
const RFC = new RegExp(
  String.raw`^${DAY}(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{2}|\d{4}),?(?:\s+${TIME})?(?:\s*${ZONE})?$`,
);
const ASCTIME = new RegExp(
  String.raw`^${DAY}([A-Za-z]{3,9})\s+(\d{1,2}),?\s+${TIME}(?:\s+${ZONE})?\s+(\d{4})$`,
);

/** An IANA/fixed zone luxon accepts for a zone token, or `undefined` when the token is not a valid zone. */
function zoneOf(token: string | undefined, fallback: string): string | undefined {
  if (token === undefined) return fallback;
  const offset = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(token);
  if (offset) {
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? '0');
    if (hours > 14 || minutes > 59) return undefined;
    return `UTC${offset[1]}${hours}:${String(minutes).padStart(2, '0')}`;
  }
  const gmt = /^(Etc\/)?GMT([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(token);
  if (gmt) {
    if (gmt[1]) return `Etc/GMT${gmt[2]}${Number(gmt[3])}`; // IANA sign convention: Etc/GMT+3 is UTC−3
    return zoneOf(`${gmt[2]}${gmt[3]}:${gmt[4] ?? '00'}`, fallback);
  }
  return ZONES[token.toUpperCase()];
}

function monthOf(name: string): number | undefined {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  if (index < 0) return undefined;
  const full = DateTime.fromObject({ month: index + 1 }, { locale: 'en' })
    .toFormat('MMMM')
    .toLowerCase();
  const lower = name.toLowerCase();
  // Accept `Jan`, `January` and `Sept`, not any word that starts with a month's letters.
  return lower.length === 3 || full.startsWith(lower) ? index + 1 : undefined;
}

function build(
  parts: { day?: string; month?: string; year?: string; hour?: string; minute?: string; second?: string },
  zoneToken: string | undefined,
  fallbackZone: string,
): DateTime | undefined {
  const month = parts.month ? monthOf(parts.month) : undefined;
  const zone = zoneOf(zoneToken, fallbackZone);
  if (month === undefined || zone === undefined) return undefined;
  let year = Number(parts.year);
  if (parts.year?.length === 2) year += year < 50 ? 2000 : 1900;
  const dt = DateTime.fromObject(
    {
      year,
      month,
      day: Number(parts.day),
      hour: Number(parts.hour ?? '0'),
      minute: Number(parts.minute ?? '0'),
      second: Number(parts.second ?? '0'),
    },
    { zone },
  );
  return dt.isValid ? dt : undefined;
}

/** Read an RFC-822-like or asctime date; `undefined` when the text has neither shape or names an invalid zone. */
export function parseRfc822Like(text: string, fallbackZone: string): DateTime | undefined {
  const cleaned = text.replace(/\s*\([^)]*\)\s*$/, '').trim();
  const rfc = RFC.exec(cleaned);
  if (rfc) {
    const [, day, month, year, hour, minute, second, zone] = rfc;
    return build({ day, month, year, hour, minute, second }, zone, fallbackZone);
  }
  const asc = ASCTIME.exec(cleaned);
  if (asc) {
    const [, month, day, hour, minute, second, zone, year] = asc;
    return build({ day, month, year, hour, minute, second }, zone, fallbackZone);
  }
  return undefined;
}
