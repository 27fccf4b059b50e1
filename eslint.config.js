// ESLint (flat config): typescript-eslint's recommended rules on the package, the simulator, the
// scripts and the tests. Formatting is Prettier's job (npm run format), so no style rules here.
'use strict';
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  {
    ignores: [
      'dist/**',
      'simulator/dist/**',
      'node_modules/**',
      '.simulator/**',
      '.node-red-dev/**',
      'test-results/**',
      'resources/*.bundle.js',
      '**/*.generated.*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Graph bodies are open JSON: `any` is the honest type at those edges.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Node-RED loads nodes with CommonJS `require`, and tests are CommonJS.
      '@typescript-eslint/no-require-imports': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      // A `let` that closures read before its one assignment (a node's state set once the config is read) cannot be a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Node-RED's idiom: `const node = this` in a node's constructor.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['node', 'self'] }],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    // Node, mocha and browser globals: TypeScript checks the package's names; the JS is tests and scripts.
    // should.js assertions are property reads (`x.should.be.true`).
    rules: { 'no-undef': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
