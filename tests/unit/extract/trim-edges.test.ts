import { describe, expect, it } from 'vitest';
import { trimEdges } from '../../../src/extract/body/trim-edges.js';

const prose = [
  'The first paragraph of the article is a full sentence that says what happened and where it happened.',
  'A second paragraph adds the details, quotes a source and ends like a sentence does.',
  'The third paragraph closes the story with the reaction of the officials involved.',
];

describe('trimEdges removes furniture at the start of the article', () => {
  it.each([
    ['reading time', 'Reading time: 3 minutes'],
    ['reading time (Portuguese)', 'Tempo de leitura: 1 minuto'],
    ['English byline', 'By Jane Smith'],
    ['byline label', 'Author, Jane Smith'],
    ['Arabic byline', 'بقلم: أحمد علي'],
    ['Arabic interview credit', 'حوار: آسيا العتروس'],
    ['dateline with a clock time', 'Chris Davies - Nov 19, 2019, 10:31 pm CST'],
    ['numeric date and category', '05/10/2018 - Publicado por: Maria - Categoria: Saúde'],
    ['bare handle', '@reporter_handle'],
    ['lone label', 'الموضوع:'],
  ])('%s', (_name, line) => {
    expect(trimEdges([line, ...prose])).toEqual(prose);
  });

  it('keeps a heading that only names a year', () => {
    expect(trimEdges(['Stock Car Calendar 2018', ...prose])).toEqual(['Stock Car Calendar 2018', ...prose]);
  });
});

describe('trimEdges removes furniture at the end of the article', () => {
  it.each([
    ['follow prompt', 'Follow The Times Opinion section on Facebook, Twitter (@opinion) and Instagram.'],
    ['contact line', 'Email Jane Smith at jsmith@example.com or follow her @janesmith.'],
    ['newsletter plug', 'Get the latest updates right in your inbox. Subscribe to our newsletters.'],
    [
      'print subscription',
      'Get the magazine delivered through your letterbox every month. 12 issues for £11.99.',
    ],
    ['comment prompt', 'Tell us what YOU think...'],
    [
      'comment rules',
      'The opinions below do not reflect the views of this site, only those of their authors.',
    ],
    ['Arabic comment rules', 'الآراء الواردة أدناه لا تعبر عن رأي الموقع، بل تعكس وجهات نظر أصحابها فقط.'],
    ['lone label', 'Tags:'],
    ['unrendered shortcode', '[button link="/submit"] Send us your review[/button]'],
  ])('%s', (_name, line) => {
    expect(trimEdges([...prose, line])).toEqual(prose);
  });

  it('cuts a "more stories" heading and the list after it', () => {
    const tail = ['More Great Stories', 'A headline of another story', 'And one more headline'];
    expect(trimEdges([...prose, ...tail])).toEqual(prose);
    expect(trimEdges([...prose, 'قد يعجبك أيضا', 'عنوان خبر آخر'])).toEqual(prose);
  });

  it('removes several furniture lines in a row', () => {
    expect(trimEdges([...prose, 'Subscribe to our newsletter.', 'Like this:', 'Comments'])).toEqual(prose);
  });
});

describe('trimEdges leaves the article alone', () => {
  it('never touches the middle', () => {
    const middle = [prose[0] ?? '', 'Follow us on Twitter.', prose[1] ?? '', prose[2] ?? ''];
    expect(trimEdges(middle)).toEqual(middle);
  });

  it('keeps closing sentences that merely mention a website or a disclaimer', () => {
    const ending = [
      ...prose,
      'For more information, please visit www.example.com.',
      'The views and opinions expressed in the article do not necessarily reflect those of the publisher.',
    ];
    expect(trimEdges(ending)).toEqual(ending);
  });

  it('keeps the only paragraph even when it looks like furniture', () => {
    expect(trimEdges(['Subscribe to our newsletter.'])).toEqual(['Subscribe to our newsletter.']);
  });
});
