// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Stage folders may not import each other; only pipeline/, console/, runtime.ts and workers/ compose them. */
const stages = ['fetch', 'extract', 'dedupe', 'classify', 'deliver', 'digest'];
const stageBoundaries = stages.map((stage) => ({
  files: [`src/${stage}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: stages
          .filter((other) => other !== stage)
          .flatMap((other) => [`../${other}/*`, `../../${other}/*`, `../../../${other}/*`])
          .concat(['**/pipeline/*', '**/console/*', '**/runtime.js']),
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'data/**',
      'coverage/**',
      'test-output/**',
      'bin/**',
      '**/_tmp-*',
      'scratch-*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  ...stageBoundaries,
);
