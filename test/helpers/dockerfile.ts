/**
 * Just enough of Docker's file formats to check ours without a Docker daemon: a Dockerfile's
 * instructions by stage (comments dropped, `\` continuations joined, global `ARG` defaults
 * substituted into `FROM`), and whether a `.dockerignore` lets a path into the build context.
 */

export interface Instruction {
  /** Upper case: `FROM`, `RUN`, `COPY`... */
  readonly keyword: string;
  readonly args: string;
  /** 1-based line of the instruction's first line. */
  readonly line: number;
}

export interface Stage {
  readonly name: string | null;
  readonly image: string;
  readonly instructions: readonly Instruction[];
}

/** The instructions of `text`, in order. */
export function parseInstructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  let pending: { parts: string[]; line: number } | null = null;
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && pending === null)) return;
    const continued = trimmed.endsWith('\\');
    const body = continued ? trimmed.slice(0, -1).trim() : trimmed;
    pending ??= { parts: [], line: i + 1 };
    if (body !== '') pending.parts.push(body);
    if (continued) return;
    const joined = pending.parts.join(' ');
    const space = joined.search(/\s/);
    out.push({ keyword: joined.slice(0, space).toUpperCase(), args: joined.slice(space + 1).trim(), line: pending.line });
    pending = null;
  });
  if (pending !== null) throw new Error(`Dockerfile: the instruction at line ${(pending as { line: number }).line} ends in a continuation`);
  return out;
}

/** The stages of a Dockerfile, `FROM ${ARG}` resolved with the global ARGs' defaults. */
export function parseStages(text: string): Stage[] {
  const args = new Map<string, string>();
  const stages: { name: string | null; image: string; instructions: Instruction[] }[] = [];
  for (const ins of parseInstructions(text)) {
    if (ins.keyword === 'FROM') {
      const [image = '', as, name] = ins.args.split(/\s+/);
      const resolved = image.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => args.get(a ?? b ?? '') ?? '');
      stages.push({ name: as?.toUpperCase() === 'AS' && name !== undefined ? name : null, image: resolved, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword !== 'ARG') throw new Error(`Dockerfile line ${ins.line}: ${ins.keyword} before the first FROM`);
      const eq = ins.args.indexOf('=');
      if (eq > 0) args.set(ins.args.slice(0, eq), ins.args.slice(eq + 1));
    } else {
      stages[stages.length - 1]!.instructions.push(ins);
    }
  }
  return stages;
}

/** `ENV A=1 B=2` (with `\` continuations already joined) as a map. */
export function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const ins of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    for (const m of ins.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) env.set(m[1]!, m[2]!.replace(/^"|"$/g, ''));
  }
  return env;
}

/** An exec-form argument list (`["a", "b"]`); throws on shell form, which the checks refuse. */
export function execForm(args: string): string[] {
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new Error(`not an exec-form list: ${args}`);
  return parsed as string[];
}

function patternRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
    .join('/')
    .replace(/\.\*\//g, '(?:.*/)?');
  // A pattern naming a folder takes in everything under it.
  return new RegExp(`^${body}(?:/.*)?$`);
}

/**
 * Whether `.dockerignore` (`ignoreText`) lets `path` (relative, `/`-separated) into the build
 * context: the last pattern that matches decides, `!` re-including (Docker's rule).
 */
export function inBuildContext(ignoreText: string, path: string): boolean {
  let included = true;
  for (const raw of ignoreText.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (patternRegex(negated ? line.slice(1) : line).test(path)) included = negated;
  }
  return included;
}
