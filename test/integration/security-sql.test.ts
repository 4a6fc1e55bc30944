/**
 * Issue 10, security: SQL is only parameterised.
 * 1. A scan of every store adapter (src/store/**, SQLite and PostgreSQL) for SQL text built
 *    from interpolated values: each `${...}` inside a template that holds SQL must be one of the
 *    documented fixed fragments below (docs/security.md lists them).
 * 2. Injection attempts through every string query and path parameter of the API (taken from
 *    its OpenAPI document) and through the alert rule name: each ends in a 4xx, or is stored
 *    and read back verbatim as data, and the tables are intact afterwards.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveEngine } from '../../src/engine/live-engine.js';
import { buildServer } from '../../src/server/build-server.js';
import { REPO_ROOT } from '../helpers/golden.js';

/** Every `.ts` file under `dir`, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

interface Template {
  /** The literal text, interpolations replaced by `${}`. */
  readonly text: string;
  /** The source of each interpolation, nested templates replaced by `T`. */
  readonly holes: string[];
  readonly line: number;
}

/**
 * The template literals of a TypeScript source, nested ones included, with their
 * interpolations. Skips comments and quoted strings; enough for this code base's style.
 */
export function templatesOf(src: string): Template[] {
  const out: Template[] = [];
  let i = 0;
  const lineAt = (at: number): number => src.slice(0, at).split('\n').length;
  // Reads a template starting after its backtick; returns its text with nested templates as T.
  const readTemplate = (): string => {
    const start = i;
    let text = '';
    const holes: string[] = [];
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\') {
        text += src.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        i++;
        out.push({ text, holes, line: lineAt(start) });
        return 'T';
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2;
        holes.push(readExpression());
        text += '${}';
      } else {
        text += c;
        i++;
      }
    }
    return 'T';
  };
  // Reads an interpolation up to its closing brace.
  const readExpression = (): string => {
    let depth = 0;
    let expr = '';
    while (i < src.length) {
      const c = src[i]!;
      if (c === '`') {
        i++;
        expr += readTemplate();
      } else if (c === "'" || c === '"') {
        const end = src.indexOf(c, i + 1);
        expr += src.slice(i, end + 1);
        i = end + 1;
      } else if (c === '{') {
        depth++;
        expr += c;
        i++;
      } else if (c === '}') {
        i++;
        if (depth === 0) return expr.trim();
        depth--;
        expr += c;
      } else {
        expr += c;
        i++;
      }
    }
    return expr.trim();
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') i = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
    else if (c === '/' && src[i + 1] === '*') i = src.indexOf('*/', i) + 2;
    else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      i = j + 1;
    } else if (c === '`') {
      i++;
      readTemplate();
    } else i++;
  }
  return out;
}

const SQL = /\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WHERE|VALUES|FROM|JOIN|ORDER BY|LIMIT|OFFSET|PRAGMA|TRUNCATE|COPY|ON CONFLICT|RETURNING|SET)\b/;

/**
 * The interpolations allowed inside SQL text, each a fixed fragment rather than a value.
 * Keep this list and docs/security.md ("SQL") in step.
 */
const ALLOWED_HOLES: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /^(where|clauses|conditions)\.join\(' (AND|OR) '\)$/, why: 'conditions pushed as literal SQL text with ? / $n / @name placeholders (checked below)' },
  { pattern: /^(where|clauses|conditions)\.length > 0 \? T : ''$/, why: 'a WHERE that is there only when conditions are' },
  { pattern: /^dir$/, why: "ORDER BY direction, 'ASC' or 'DESC' from a ternary (checked below)" },
  { pattern: /^\w+ \? '([<>]=?|ASC|DESC)' : '([<>]=?|ASC|DESC)'$/, why: 'a comparison or direction picked from two literals' },
  { pattern: /^m\.version$/, why: 'PRAGMA user_version = <integer> of a migration, a constant in the code' },
  { pattern: /^(args|params|values)\.length( - \d+)?$/, why: 'the number n of a $n placeholder' },
  { pattern: /^p$/, why: 'the $n placeholder handed to a condition builder' },
  { pattern: /^clause$/, why: 'a condition given as a literal to a local filter helper (checked below)' },
  { pattern: /^sql$/, why: "SQL text from a builder in the same file, whose own templates this scan checks" },
  { pattern: /^[A-Z][A-Z0-9_]*$|^[\d_]+$/, why: 'a module constant of fixed SQL text (scanned itself) or a number literal' },
  { pattern: /^(this\.)?schema$/, why: 'the PostgreSQL schema, checked against [a-z_][a-z0-9_]* before the store opens (market-stores.ts)' },
  { pattern: /^from( \+ DAY_MS)?$|^partitionName\(day\)$/, why: 'day partition bounds and name: integers (Math.floor of a timestamp times DAY_MS); DDL takes no parameters' },
];

describe('SQL in the store adapters', () => {
  // Tick retention (src/jobs/retention/) writes SQL of its own against both stores.
  const files = [...sources(join(REPO_ROOT, 'src', 'store')), ...sources(join(REPO_ROOT, 'src', 'jobs', 'retention'))];

  it('finds the store sources to scan, the SQLite adapter among them', () => {
    expect(files.some((f) => f.includes('sqlite-tick-store.ts'))).toBe(true);
  });

  it('builds SQL text only from fixed fragments, never from interpolated values', () => {
    const offences: string[] = [];
    for (const file of files) {
      const src = readFileSync(file, 'utf8');
      for (const t of templatesOf(src)) {
        if (!SQL.test(t.text)) continue;
        for (const hole of t.holes) {
          if (!ALLOWED_HOLES.some((a) => a.pattern.test(hole))) offences.push(`${relative(REPO_ROOT, file)}:${t.line}: \${${hole}} in \`${t.text.slice(0, 80)}\``);
        }
      }
      // SQL glued together with + out of quoted strings and a value.
      for (const [n, line] of src.split('\n').entries()) {
        if (/(['"])[^'"]*\b(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES)\b[^'"]*\1\s*\+\s*[\w(]/.test(line)) offences.push(`${relative(REPO_ROOT, file)}:${n + 1}: SQL concatenated with +: ${line.trim()}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('pushes only literal conditions and picks the ORDER BY direction from literals', () => {
    const offences: string[] = [];
    for (const file of files) {
      const src = readFileSync(file, 'utf8');
      const at = relative(REPO_ROOT, file);
      for (const m of src.matchAll(/\b(where|clauses|conditions)\.push\(([^;]*)\);/g)) {
        const args = m[2]!;
        const holes = templatesOf(args).flatMap((t) => t.holes);
        const shape = args.replace(/`(?:[^`\\]|\\.)*`/g, 'T').replace(/'[^']*'|"[^"]*"/g, 'S');
        const ok = holes.every((h) => ALLOWED_HOLES.some((a) => a.pattern.test(h))) && /^\s*(S|T|clause|clause\(T\)|\w+ \? S : S)(\s*,\s*(S|T))*\s*$/.test(shape);
        if (!ok) offences.push(`${at}: ${m[0]}`);
      }
      // The helpers that push a `clause` get it as a literal (or a template of a placeholder).
      for (const helper of src.matchAll(/\bconst (\w+) = \(clause\b/g)) {
        for (const m of src.matchAll(new RegExp(`\\b${helper[1]}\\((.{0,60})`, 'g'))) {
          if (!/^\s*('[^']*'|"[^"]*"|\(p\) => `[^`$]*\$\{p\}[^`]*`)/.test(m[1]!)) offences.push(`${at}: ${m[0]}`);
        }
      }
      for (const m of src.matchAll(/\bconst dir = ([^;]*);/g)) {
        if (!/^[^'"`]*\? '(ASC|DESC)' : '(ASC|DESC)'$/.test(m[1]!)) offences.push(`${at}: ${m[0]}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('the scanner finds interpolated values where they are', () => {
    const bad = 'db.prepare(`SELECT * FROM ticks WHERE symbol = \'${symbol}\' ORDER BY ts ${dir}`); const q = "SELECT * FROM t WHERE a = " + a;';
    const holes = templatesOf(bad).flatMap((t) => t.holes);
    expect(holes).toEqual(['symbol', 'dir']);
    expect(holes.filter((h) => !ALLOWED_HOLES.some((a) => a.pattern.test(h)))).toEqual(['symbol']);
    expect(templatesOf('const s = `a ${x ? `WHERE ${where.join(\' AND \')}` : \'\'} b`;').map((t) => t.holes)).toEqual([["where.join(' AND ')"], ["x ? T : ''"]]);
  });
});

const INJECTIONS = [
  "BTCUSDT' OR '1'='1",
  "'; DROP TABLE ticks; --",
  'BTCUSDT" OR 1=1 --',
  "1m' UNION SELECT * FROM alert_rules --",
  'BTCUSDT; DELETE FROM bars',
  "x') OR ('a'='a",
  '%',
  '_',
  '\\',
  'BTCUSDT\u0000',
  "Robert'); DROP TABLE alert_rules;--",
];

interface OpenApiParam {
  readonly in: string;
  readonly name: string;
  readonly schema?: { readonly type?: string | string[]; readonly anyOf?: unknown[] };
  readonly required?: boolean;
}
interface OpenApiDoc {
  readonly paths: Record<string, Record<string, { parameters?: OpenApiParam[] }>>;
}

describe('SQL injection through the API', () => {
  let dir: string;
  let engine: LiveEngine;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-sec-sql-'));
    engine = new LiveEngine({ dbPath: join(dir, 'tandem.db'), seed: 3 });
    app = await buildServer({ engine, version: 'test', dataDir: dir });
    await app.ready();
    const t0 = 1_700_000_000_000;
    const csv = Array.from({ length: 300 }, (_, i) => JSON.stringify({ symbol: i % 2 === 0 ? 'BTCUSDT' : 'ETHUSDT', ts: t0 + i * 1000, price: 100 + (i % 7), qty: 1, tradeId: i + 1 })).join('\n');
    const res = await app.inject({ method: 'POST', url: '/api/import/ticks?format=ndjson', headers: { 'content-type': 'application/x-ndjson' }, payload: csv });
    expect(res.statusCode, res.body).toBe(200);
  });

  afterAll(async () => {
    await app?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function counts(): Promise<[number, number, number]> {
    await engine.flush();
    const rules = (await app.inject({ url: '/api/alerts/rules' })).json().items.length as number;
    const bars = (await engine.store.bars.queryBars({ symbol: 'BTCUSDT', tf: '1s', limit: 100_000 })).length;
    return [await engine.store.ticks.tickCount(), bars, rules];
  }

  it('answers every injected string query or path parameter with a 4xx and leaves the tables as they were', async () => {
    const doc = app.swagger() as unknown as OpenApiDoc;
    const before = await counts();
    const tried: string[] = [];
    const defaults: Record<string, string> = { symbol: 'BTCUSDT', y: 'BTCUSDT', x: 'ETHUSDT', tf: '1s', symbols: 'BTCUSDT,ETHUSDT', method: 'ols', window: '20' };
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (path.startsWith('/api/docs') || path.startsWith('/api/import')) continue;
      for (const [method, op] of Object.entries(methods)) {
        if (method !== 'get' && method !== 'delete') continue;
        const params = (op.parameters ?? []).filter((p) => p.in === 'query' || p.in === 'path');
        for (const target of params) {
          const type = target.schema?.type;
          if (type !== undefined && type !== 'string') continue;
          for (const value of INJECTIONS) {
            let url = path;
            const query = new URLSearchParams();
            for (const p of params) {
              const v = p === target ? value : (defaults[p.name] ?? (p.in === 'path' ? 'abc' : undefined));
              if (v === undefined) continue;
              if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(v));
              else query.set(p.name, v);
            }
            const full = `${url}${query.size > 0 ? `?${query}` : ''}`;
            const res = await app.inject({ method: method.toUpperCase() as 'GET', url: full });
            tried.push(`${method} ${path} ${target.name}`);
            // A symbol, timeframe or id never matches any of these: 4xx, or an empty answer.
            expect(res.statusCode, `${method.toUpperCase()} ${full}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
            if (res.statusCode >= 400) expect(res.json().error, full).toEqual({ code: expect.any(String), message: expect.any(String) });
            else expect(res.body, full).not.toMatch(/alert_rules|sqlite_master|"tradeId":\s*\d+.*"tradeId"/);
          }
        }
      }
    }
    expect(new Set(tried.map((t) => t.split(' ').slice(0, 3).join(' '))).size).toBeGreaterThanOrEqual(10);
    expect(await counts()).toEqual(before);
  });

  it('stores an alert rule whose name is an injection verbatim, as data', async () => {
    for (const name of INJECTIONS.filter((n) => !n.includes('\u0000'))) {
      const created = await app.inject({ method: 'POST', url: '/api/alerts/rules', payload: { name, type: 'price', params: { symbol: 'BTCUSDT', level: 1e9, direction: 'above' } } });
      expect(created.statusCode, created.body).toBeLessThan(300);
      const id = created.json().id as string;
      const read = await app.inject({ url: `/api/alerts/rules/${encodeURIComponent(id)}` });
      expect(read.json().name).toBe(name);
    }
    const [ticks] = await counts();
    expect(ticks).toBe(300);
    const events = await app.inject({ url: `/api/alerts/events?rule=${encodeURIComponent("' OR 1=1 --")}` });
    expect(events.statusCode).toBeLessThan(500);
  });
});
