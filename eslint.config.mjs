// ESLint flat config: the rules STYLE.md asks for, type-aware, for code and tests alike.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import unicorn from 'eslint-plugin-unicorn';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { unicorn },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read env only in a config/ folder (STYLE.md).' }],
      'unicorn/filename-case': ['error', { case: 'kebabCase' }],
    },
  },
  {
    // The console's web app: browser code with its own tsconfig (DOM, JSX); the same rules.
    files: ['services/console/web/**/*.ts', 'services/console/web/**/*.tsx'],
    languageOptions: {
      parserOptions: { project: './services/console/web/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { unicorn },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      'unicorn/filename-case': ['error', { case: 'kebabCase' }],
    },
  },
  {
    files: ['**/config/**/*.ts', 'libs/config/**/*.ts', 'libs/testing/**/*.ts', 'tools/**/*.ts', '**/main.ts', '**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/test/utils/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['tools/**/*.ts', '**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts'],
    rules: { 'no-console': 'off' },
  },
);
