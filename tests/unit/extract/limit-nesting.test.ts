import { describe, expect, it } from 'vitest';
import { limitNesting } from '../../../src/extract/dom/limit-nesting.js';

describe('limitNesting', () => {
  it('leaves ordinary markup untouched', () => {
    const html = '<div><p>a<p>b</div><ul><li>x<li>y</ul><br><img src=x>';
    expect(limitNesting(html)).toBe(html);
  });

  it('drops start tags beyond the limit and the same number of end tags, keeping the text', () => {
    const html = `${'<div>'.repeat(5)}text${'</div>'.repeat(5)}<p>after</p>`;
    expect(limitNesting(html, 2)).toBe('<div><div>text</div></div><p>after</p>');
  });
});
