/**
 * Readiness: whether this server can do its work now, for a load balancer or an orchestrator
 * (`GET /api/health/ready`). Each dependency's probe runs at once, all in parallel, each with
 * its own time limit, so a hung database or a Redis that accepts connections but never answers
 * turns into a failed check within the limit instead of a hung request.
 * @module
 */

import { performance } from 'node:perf_hooks';

export interface ReadinessProbe {
  readonly name: string;
  readonly probe: () => Promise<void>;
}

export interface CheckResult {
  readonly ok: boolean;
  /** How long the probe took (or until it was given up), ms. */
  readonly ms: number;
  /** Why it failed; absent when ok. */
  readonly error?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, CheckResult>>;
  /** The names of the failed checks, in the order they were given. */
  readonly failing: readonly string[];
}

/** Default time each probe gets, ms. */
export const READINESS_TIMEOUT_MS = 1000;

/** Runs every probe with `timeoutMs` each; ready when all answered in time. */
export async function checkReadiness(probes: readonly ReadinessProbe[], timeoutMs = READINESS_TIMEOUT_MS): Promise<ReadinessReport> {
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new Error(`checkReadiness: timeoutMs must be a positive number (${timeoutMs})`);
  const results = await Promise.all(probes.map((p) => runProbe(p, timeoutMs)));
  const checks: Record<string, CheckResult> = {};
  const failing: string[] = [];
  probes.forEach((p, i) => {
    const r = results[i]!;
    checks[p.name] = r;
    if (!r.ok) failing.push(p.name);
  });
  return { ready: failing.length === 0, checks, failing };
}

async function runProbe(p: ReadinessProbe, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 100) / 100;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // A probe that throws synchronously is a failed check like one that rejects.
    await Promise.race([Promise.resolve().then(p.probe), timeout]);
    return { ok: true, ms: elapsed() };
  } catch (e) {
    return { ok: false, ms: elapsed(), error: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}
