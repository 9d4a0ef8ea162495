/**
 * Remove C0/C1 control characters (NUL, BEL, ANSI escape, DEL, U+0080–U+009F) from outside text, keeping `\n`,
 * `\t` and `\r`. NUL makes a PostgreSQL text insert fail; the others reach terminals and Discord raw.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;

export function stripControls(text: string): string {
  return text.replace(CONTROLS, '');
}
