/**
 * A strict parser of Prometheus's text exposition format, version 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), for tests: it throws, naming
 * the line, on anything a Prometheus server would reject or that the format forbids, rather
 * than skipping it. Checked: metric and label name syntax, label value escapes (`\\`, `\"`,
 * `\n` only), values (as Go's ParseFloat reads them), optional integer timestamps, one
 * `# TYPE` per family before its samples, a family's samples kept together, no series twice,
 * and for histograms `le` on every bucket, cumulative buckets ending in `+Inf` equal to
 * `_count`, and `_sum`/`_count` present for every bucket series.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum` for a histogram `x`). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string | null;
  readonly samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** Parses `text`; throws `line N: ...` at the first violation. */
export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const seriesSeen = new Set<string>();
  const closed = new Set<string>();
  let current: string | null = null;
  const lines = text.split('\n');
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  lines.forEach((line, i) => {
    const fail = (why: string): never => {
      throw new Error(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (m === null) return; // a plain comment
      const [, keyword, name, rest = ''] = m as unknown as [string, string, string, string | undefined];
      if (!METRIC_NAME.test(name)) fail(`'${name}' is not a metric name`);
      if (keyword === 'TYPE') {
        const type = rest.trim() as MetricType;
        if (!TYPES.has(type)) fail(`'${rest}' is not a metric type`);
        const f = families.get(name);
        if (f !== undefined && f.samples.length > 0) fail(`TYPE of ${name} after its samples`);
        if (f !== undefined && f.type !== 'untyped') fail(`a second TYPE for ${name}`);
        families.set(name, { name, type, help: f?.help ?? null, samples: f?.samples ?? [] });
      } else {
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) fail('HELP has an escape other than \\\\ and \\n');
        const f = families.get(name);
        if (f?.help != null) fail(`a second HELP for ${name}`);
        families.set(name, { name, type: f?.type ?? 'untyped', help: rest, samples: f?.samples ?? [] });
      }
      return;
    }
    const sample = parseSample(line, fail);
    const family = familyOf(sample.name, families);
    if (family === null) fail(`sample ${sample.name} has no # TYPE before it`);
    const f = family!;
    if (current !== f.name) {
      if (closed.has(f.name)) fail(`samples of ${f.name} are not kept together`);
      if (current !== null) closed.add(current);
      current = f.name;
    }
    const key = `${sample.name}{${Object.entries(sample.labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(',')}}`;
    if (seriesSeen.has(key)) fail(`series ${key} appears twice`);
    seriesSeen.add(key);
    f.samples.push(sample);
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

/** The family a sample belongs to: its own name, or a histogram's/summary's base name. */
function familyOf(name: string, families: Map<string, MetricFamily>): MetricFamily | null {
  const own = families.get(name);
  if (own !== undefined) return own;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (m === null) return null;
  const base = families.get(m[1]!);
  if (base === undefined) return null;
  if (base.type === 'histogram' || (base.type === 'summary' && m[2] !== 'bucket')) return base;
  return null;
}

function parseSample(line: string, fail: (why: string) => never): Sample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (nameMatch === null) fail('a sample must start with a metric name');
  const name = nameMatch![0];
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === '{') {
    pos++;
    for (;;) {
      if (line[pos] === '}') {
        pos++;
        break;
      }
      const ln = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(pos));
      if (ln === null) fail(`a label name is expected at column ${pos + 1}`);
      const labelName = ln![0];
      if (!LABEL_NAME.test(labelName) || labelName.startsWith('__')) fail(`'${labelName}' is not a label name`);
      if (labelName in labels) fail(`label ${labelName} twice`);
      pos += labelName.length;
      if (line[pos] !== '=' || line[pos + 1] !== '"') fail(`label ${labelName} must be followed by ="`);
      pos += 2;
      let value = '';
      for (;;) {
        const c = line[pos];
        if (c === undefined) fail(`label ${labelName}'s value is not closed`);
        if (c === '"') break;
        if (c === '\\') {
          const e = line[pos + 1];
          if (e === '\\') value += '\\';
          else if (e === '"') value += '"';
          else if (e === 'n') value += '\n';
          else fail(`label ${labelName} has an unknown escape \\${e ?? ''}`);
          pos += 2;
        } else {
          value += c;
          pos++;
        }
      }
      pos++;
      labels[labelName] = value;
      if (line[pos] === ',') pos++;
      else if (line[pos] !== '}') fail(`',' or '}' expected after label ${labelName}`);
    }
  }
  const rest = line.slice(pos);
  const m = /^[ \t]+(\S+)(?:[ \t]+(-?\d+))?[ \t]*$/.exec(rest);
  if (m === null) fail('a value (and optionally a timestamp) must follow the name and labels');
  const raw = m![1]!;
  const value = parseGoFloat(raw);
  if (value === null) fail(`'${raw}' is not a sample value`);
  return { name, labels, value: value! };
}

/**
 * A value as Go's `strconv.ParseFloat` reads it, which is what the format specifies: decimal
 * floats, and `NaN`, `Inf`, `Infinity` in any case with an optional sign (prom-client writes
 * `Nan`). Hexadecimal floats and digit underscores are not accepted: no exporter writes them.
 */
function parseGoFloat(raw: string): number | null {
  if (/^nan$/i.test(raw)) return Number.NaN;
  const inf = /^([-+]?)inf(inity)?$/i.exec(raw);
  if (inf !== null) return inf[1] === '-' ? -Infinity : Infinity;
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : null;
}

function checkHistogram(f: MetricFamily): void {
  const series = new Map<string, { buckets: { le: number; value: number }[]; sum: number | null; count: number | null }>();
  const keyOf = (labels: Readonly<Record<string, string>>): string =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([k]) => k !== 'le')
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  for (const s of f.samples) {
    const key = keyOf(s.labels);
    const entry = series.get(key) ?? { buckets: [], sum: null, count: null };
    series.set(key, entry);
    if (s.name === `${f.name}_bucket`) {
      const le = s.labels['le'];
      if (le === undefined) throw new Error(`${f.name}: a bucket without le (${key})`);
      entry.buckets.push({ le: le === '+Inf' ? Infinity : Number(le), value: s.value });
    } else if (s.name === `${f.name}_sum`) entry.sum = s.value;
    else if (s.name === `${f.name}_count`) entry.count = s.value;
    else throw new Error(`${f.name}: sample ${s.name} does not belong to a histogram`);
  }
  for (const [key, e] of series) {
    if (e.sum === null || e.count === null) throw new Error(`${f.name} ${key}: _sum and _count are required`);
    const sorted = [...e.buckets].sort((a, b) => a.le - b.le);
    if (sorted.length === 0 || sorted[sorted.length - 1]!.le !== Infinity) throw new Error(`${f.name} ${key}: no +Inf bucket`);
    for (let i = 1; i < sorted.length; i++) if (sorted[i]!.value < sorted[i - 1]!.value) throw new Error(`${f.name} ${key}: buckets are not cumulative at le=${sorted[i]!.le}`);
    if (sorted[sorted.length - 1]!.value !== e.count) throw new Error(`${f.name} ${key}: the +Inf bucket (${sorted[sorted.length - 1]!.value}) is not _count (${e.count})`);
  }
}

/** The value of the one sample of `family` whose labels include `labels`, or undefined. */
export function sampleValue(families: Map<string, MetricFamily>, family: string, labels: Readonly<Record<string, string>> = {}, sampleName = family): number | undefined {
  const f = families.get(family);
  const matches = (f?.samples ?? []).filter((s) => s.name === sampleName && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (matches.length > 1) throw new Error(`${sampleName}${JSON.stringify(labels)} matches ${matches.length} series`);
  return matches[0]?.value;
}
