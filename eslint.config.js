// ESLint flat config. Besides typescript-eslint's rules it enforces DESIGN.md's layer table:
// each folder of src/ may import only the folders listed for it, and the pure layers
// (analytics/, bars/) may not touch I/O, Node built-ins, the wall clock or process globals.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Folders of src/ and the folders each may import (DESIGN.md, "Layout"). */
const layers = {
  core: [],
  model: ['core'],
  analytics: ['core', 'model'],
  bars: ['core', 'model'],
  backtest: ['core', 'model', 'analytics', 'bars'],
  alerts: ['core', 'model', 'analytics'],
  ingest: ['core', 'model'],
  store: ['core', 'model'],
  // The tick bus between ingest workers and servers (Redis Streams); its worker status carries
  // the sources' feed-quality type.
  bus: ['core', 'model', 'ingest'],
  // Paper strategies (DESIGN.md): the backtest's kernel read as a live book (fills, position,
  // divergences); pure, so no I/O modules. The engine drives them on live final bars.
  strategies: ['core', 'model', 'analytics', 'bars', 'backtest'],
  engine: ['core', 'model', 'analytics', 'bars', 'backtest', 'strategies', 'alerts', 'ingest', 'store', 'bus'],
  // The job lane: long work whose cost grows with data (imports, exports, long-range reads,
  // backtests, sweeps, retention) and the worker pool it runs on (DESIGN.md, "Two lanes").
  jobs: ['core', 'model', 'analytics', 'bars', 'backtest', 'strategies', 'alerts', 'ingest', 'store', 'bus', 'engine'],
  // A fake Binance USD-M Futures (WS + REST on 127.0.0.1) for tests, benchmarks and demos.
  'fake-binance': ['core', 'model', 'bars', 'ingest'],
  server: ['core', 'model', 'analytics', 'bars', 'backtest', 'strategies', 'alerts', 'ingest', 'store', 'bus', 'engine', 'jobs'],
  // The one table of settings and its loader: it checks values with the parsers of the
  // settings' own grammars (a lookback, a retention horizon, a webhook allow list).
  config: ['core', 'model', 'alerts', 'jobs'],
  cli: Object.keys({ core: 0, model: 0, analytics: 0, bars: 0, backtest: 0, strategies: 0, alerts: 0, ingest: 0, store: 0, bus: 0, engine: 0, jobs: 0, server: 0, 'fake-binance': 0, config: 0 }),
};
const folders = Object.keys(layers);

/** Modules that do I/O; the pure layers may import none of them. */
const ioModules = ['fs', 'path', 'http', 'https', 'net', 'tls', 'dgram', 'child_process', 'worker_threads', 'os', 'ws', 'better-sqlite3', 'ioredis', 'redis', 'pg', 'fastify'];

function layerRule(folder) {
  const forbidden = folders.filter((f) => f !== folder && !layers[folder].includes(f));
  const patterns = forbidden.length
    ? [{ regex: `^(\\.\\./)+(src/)?(${forbidden.join('|')})(/|$)`, message: `src/${folder}/ may import only: ${layers[folder].join(', ') || 'nothing'} (DESIGN.md, Layout).` }]
    : [];
  const noIo = ['core', 'model', 'analytics', 'bars', 'strategies'].includes(folder);
  const pure = folder === 'analytics' || folder === 'bars';
  if (noIo) {
    patterns.push({ regex: `^(node:.*|${ioModules.join('|')})(/.*)?$`, message: `src/${folder}/ imports no I/O modules (DESIGN.md).` });
  }
  return {
    files: [`src/${folder}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns }],
      ...(pure
        ? {
            'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Pure code gets time as data, not from Date.now().' }],
            'no-restricted-globals': ['error', { name: 'process', message: 'Pure code reads no process state.' }, { name: 'performance', message: 'Pure code reads no clock.' }],
          }
        : {}),
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  ...folders.map(layerRule),
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^(\\.\\./)+src/(?!model/|server/dto/)',
          message: 'web/ may import only src/model types and the API DTO types in src/server/dto (DESIGN.md, Layout).',
        }],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'scripts/**', 'test/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
);
