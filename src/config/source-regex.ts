/**
 * Regular expressions from source files run on text an outlet controls (its URLs), so they are compiled with RE2
 * (re2js): matching takes time linear in the input whatever the pattern, and `(a+)+$` cannot backtrack. RE2 has no
 * lookaround and no backreferences; a pattern that needs them is refused at load with RE2's reason.
 */
import { RE2JS } from 're2js';

/** Longest pattern accepted from a source file. */
export const MAX_SOURCE_PATTERN_CHARS = 1000;
/** Longest text a source pattern is run on; a longer URL is not an article link. */
export const MAX_PATTERN_SUBJECT_CHARS = 2048;

/** Why RE2 refuses `pattern`, or undefined when it compiles. */
export function re2PatternProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export interface SourcePattern {
  /** Whether the pattern matches somewhere in `subject` (like `RegExp.test`); false for a subject over the cap. */
  test(subject: string): boolean;
}

const compiled = new Map<string, SourcePattern>();

/** A compiled source pattern (cached per pattern text). Throws on a pattern RE2 refuses. */
export function compileSourcePattern(pattern: string): SourcePattern {
  let hit = compiled.get(pattern);
  if (!hit) {
    const re = RE2JS.compile(pattern);
    hit = { test: (subject) => subject.length <= MAX_PATTERN_SUBJECT_CHARS && re.matcher(subject).find() };
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, hit);
  }
  return hit;
}
