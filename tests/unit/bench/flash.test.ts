import { describe, expect, it } from 'vitest';
import { flashOf } from '../../../bench/relevance/flash.js';

describe('flashOf (corpus-derived flashes: headline + first sentence)', () => {
  it('keeps the first sentence after the headline and stops at its end', () => {
    expect(flashOf({ title: null, text: 'Headline\nThe U.S. troops left Taji. Then more.' })).toBe(
      'Headline\nThe U.S. troops left Taji.',
    );
  });

  it('does not cut at the double dot of an Arabic headline', () => {
    expect(
      flashOf({ title: null, text: 'عنوان\nبعد انسحاب القوات.. العراق يتسلم القاعدة. ثم جملة أخرى.' }),
    ).toBe('عنوان\nبعد انسحاب القوات.. العراق يتسلم القاعدة.');
  });

  it('with a title, the body is the first sentence only', () => {
    expect(flashOf({ title: 'T', text: 'One! Two.' })).toBe('One!');
  });
});
