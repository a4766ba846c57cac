// Lint rules for the whole repository (issue 13): typescript-eslint's recommended set, plus the
// project's own rule that errors are AppErrors (src/errors) with a code and a user-safe message.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'tabs/dist/',
      'build/',
      'coverage/',
      '.data/',
      '.emulator/',
      'bench/out/',
      '.tmp/',
      '.test-output/',
      'standin/vendor/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  // Graph's JSON answers (and the database drivers' adapter types) are untyped at the edge; graph/ maps
  // them to the ports' typed shapes, so `any` stays inside those adapters.
  {
    files: ['graph/**/*.ts', 'src/store/*-dialect.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Tests, benches and the emulator read loosely shaped JSON from real HTTP answers; `any` is allowed there.
  {
    files: ['tests/**/*.{ts,tsx}', 'bench/**/*.ts', 'emulator/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Plain scripts that run in a browser page or under jest's CommonJS loader.
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', process: 'readonly', console: 'readonly', __dirname: 'readonly' },
    },
  },
  {
    files: ['tests/browser/host/**/*.js', 'standin/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        URLSearchParams: 'readonly',
        fetch: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        localStorage: 'readonly',
        AdaptiveCards: 'readonly',
        navigator: 'readonly',
        history: 'readonly',
        URL: 'readonly',
        Date: 'readonly',
        crypto: 'readonly',
        HTMLElement: 'readonly',
        Event: 'readonly',
        CustomEvent: 'readonly',
        requestAnimationFrame: 'readonly',
        structuredClone: 'readonly',
        alert: 'readonly',
        MessageEvent: 'readonly',
        Blob: 'readonly',
      },
    },
  },
  {
    files: ['src/**/*.ts', 'bot/**/*.ts', 'graph/**/*.ts'],
    ignores: ['src/errors/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ThrowStatement > NewExpression[callee.name='Error']",
          message: 'Throw an AppError (src/errors) with a code and a user-safe message.',
        },
      ],
    },
  },
);
