/**
 * `AlertEngine`: keeps every enabled alert rule evaluated against the live pipeline. It
 * subscribes each rule to the feed it needs (bars of a symbol, a live pair, the feed quality),
 * sharing one subscription among the rules of the same feed and dropping it with the last of
 * them; steps the rule's pure state machine (`alerts/evaluate.ts`) on each value; and for each
 * firing stores the event (once: unique on rule, bar and kind), hands it to listeners (the
 * WebSocket `alerts` channel) and, when the rule has a webhook, delivers it in the background.
 *
 * Evaluation never waits: the store write and the deliveries run after it, and a failing
 * webhook only records its failure. Monitors start afresh on every start and are initialised
 * by their first value (disarmed if already beyond), so a restart does not fire again.
 *
 * The store is the truth about which rules exist. On a store several servers share, every
 * server hears of each change another made (`AlertStore.watchRules`) and re-reads that rule;
 * listing reconciles with the store, and a rule not yet heard of is read from the store on
 * demand, so a rule created on one server answers on every other at once. Every server
 * evaluates every rule on the same bars; the store's unique event key decides which of them
 * records a firing, and only that one delivers its webhook (docs/scaling.md).
 * @module
 */

import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Clock } from '../core/clock.js';
import { componentLogger } from '../core/logger.js';
import { TandemError } from '../core/tandem-error.js';
import { RollingZScore } from '../analytics/rolling-zscore.js';
import { evaluate, INITIAL_MONITOR_STATE, type Monitor, type MonitorState, type Observation } from '../alerts/evaluate.js';
import { describeEvent, describeFill, monitorOf, subjectOf, thresholdOf } from '../alerts/rule-monitor.js';
import { validateAlertRule, type AlertRuleInput, type ValidRule } from '../alerts/validate-rule.js';
import { INITIAL_SCREENER_ENTRY_STATE, stepScreenerEntry, type ScreenerEntryState } from '../alerts/screener-entry.js';
import type { ScreenerRanking } from '../model/screener-ranking.js';
import { deliverWebhook, type WebhookOptions } from '../alerts/webhook-delivery.js';
import type { SymbolQuality } from '../ingest/market-data-source.js';
import type { AlertEvent, AlertEventKind } from '../model/alert-event.js';
import type { AlertRule, PairRef } from '../model/alert-rule.js';
import type { BarUpdate } from '../model/bar.js';
import { pairKey, parsePairSpec, type PairSpec } from '../model/pair-spec.js';
import { bucketStart, parseTimeframe, type TimeframeSpec } from '../model/timeframe.js';
import type { AlertRuleStats, AlertStore, RuleChange, RuleWatch } from '../store/alert-store.js';
import type { BarListener } from './bar-engine.js';
import type { PairListener, PairUpdate } from './live-pair.js';
import type { PairSubscription } from './pair-engine.js';

/** What the alert engine reads from the live pipeline. */
export interface AlertFeeds {
  subscribeBars(symbol: string, tf: TimeframeSpec, listener: BarListener): () => void;
  subscribePair(spec: PairSpec, listener: PairListener): AlertPairSubscription;
  /** Last trade time and feed quality per symbol (for data_quality rules). */
  symbolStatus(): Promise<readonly { readonly symbol: string; readonly lastTickTs: number | null; readonly quality: SymbolQuality | null }[]>;
  /** Every paper strategy's fills as they are published (for strategy_fill rules); absent: none fire. */
  subscribeStrategyFills?(listener: (u: StrategyFillEvent) => void): () => void;
}

/** A published fill of a paper strategy, as a strategy_fill rule reads it. */
export interface StrategyFillEvent {
  readonly view: { readonly row: { readonly id: string }; readonly request: { readonly pair: { readonly y: string; readonly x: string } } };
  readonly fill: { readonly time: number; readonly kind: 'entry' | 'exit'; readonly side: string; readonly priceY: number; readonly priceX: number; readonly qtyY: number; readonly qtyX: number; readonly reason: string | null; readonly netPnl: number | null };
}

/** A live pair as the alert engine uses it (`PairSubscription`; `ready` null: loaded already). */
export interface AlertPairSubscription extends Omit<PairSubscription, 'ready'> {
  readonly ready: Promise<void> | null;
}

export interface AlertEngineOptions {
  readonly store: AlertStore;
  readonly feeds: AlertFeeds;
  readonly clock: Clock;
  readonly webhook?: WebhookOptions;
  /** How often data_quality rules are checked (default 1 s). */
  readonly qualityEveryMs?: number;
}

export type AlertListener = (event: AlertEvent) => void;

/** A rule as the API lists it: the rule, its firing figures and its monitor's phase. */
export interface AlertRuleView {
  readonly rule: AlertRule;
  readonly stats: AlertRuleStats;
  /** `inactive` (disabled), `warming` (no value yet), `armed`, or `disarmed` (beyond, waiting to come back inside). */
  readonly phase: 'inactive' | 'warming' | 'armed' | 'disarmed';
}

interface Runtime {
  readonly rule: AlertRule;
  readonly monitor: Monitor;
  state: MonitorState;
  /** Set once the rule's feed is live (pair history loaded). */
  live: boolean;
  unsubscribe: () => void;
}

interface BarFeed {
  readonly runtimes: Set<Runtime>;
  /** Rolling volume z-scores by window, shared by the volume_spike rules of this feed. */
  readonly volumeZ: Map<number, RollingZScore>;
  readonly unsubscribe: () => void;
}

interface PairFeed {
  readonly runtimes: Set<Runtime>;
  readonly subscription: AlertPairSubscription;
  live: boolean;
}

const log = componentLogger('alerts');

const EMPTY_STATS: AlertRuleStats = { firings: 0, lastFiredAt: null, deliveriesFailed: 0, lastDeliveryError: null, lastDeliveryErrorAt: null };

function tfOf(label: string): TimeframeSpec {
  const r = parseTimeframe(label);
  if (!r.ok) throw new TandemError('invalid_rule', r.error.message);
  return r.value;
}

function pairSpecOf(p: PairRef): PairSpec {
  const r = parsePairSpec(p);
  if (!r.ok) throw new TandemError('invalid_rule', r.error.message);
  return r.value;
}

export class AlertEngine {
  /** Resolves once the stored rules are loaded and running. */
  readonly ready: Promise<void>;
  private readonly runtimes = new Map<string, Runtime>();
  private readonly rules = new Map<string, AlertRule>();
  private readonly barFeeds = new Map<string, BarFeed>();
  private readonly pairFeeds = new Map<string, PairFeed>();
  private readonly qualityRules = new Set<Runtime>();
  private readonly fillRules = new Set<Runtime>();
  private fillFeed: (() => void) | null = null;
  /** screener_entry rules and their state (`alerts/screener-entry.ts`). */
  private readonly screenerRules = new Map<Runtime, ScreenerEntryState>();
  private readonly listeners = new Set<AlertListener>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private qualityTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private watch: RuleWatch | null = null;
  /**
   * Changes from the store are applied one after another, after the first load, so a change
   * heard while loading waits for the load and two changes of one rule never interleave.
   */
  private syncChain: Promise<unknown>;

  constructor(private readonly opts: AlertEngineOptions) {
    this.ready = this.start();
    this.syncChain = this.ready.catch(() => undefined);
  }

  /** Calls `listener` with every stored event from now on; returns the unsubscribe. */
  onEvent(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Validates, stores and starts a rule. Throws `TandemError('invalid_rule')` naming the field. */
  async createRule(input: AlertRuleInput, isKnownSymbol?: (symbol: string) => boolean): Promise<AlertRule> {
    await this.ready;
    const valid = this.validate(input, isKnownSymbol);
    const now = this.opts.clock.now();
    const rule = this.toRule(randomUUID(), valid, now, now);
    await this.opts.store.saveRule(rule);
    this.rules.set(rule.id, rule);
    if (rule.enabled) this.activate(rule);
    return rule;
  }

  /**
   * Changes a rule: fields given replace the stored ones; `params` are merged into the stored
   * params when the type stays the same. The rule's monitor starts afresh.
   */
  async updateRule(id: string, patch: Partial<AlertRuleInput>, isKnownSymbol?: (symbol: string) => boolean): Promise<AlertRule> {
    await this.ready;
    // The stored rule, not ours: another server may have changed it a moment ago.
    const old = await this.opts.store.getRule(id);
    if (old === null) throw new TandemError('not_found', `no alert rule with id '${id}'`);
    const type = patch.type ?? old.type;
    const params = patch.params === undefined ? old.params : type === old.type ? { ...old.params, ...patch.params } : patch.params;
    const merged: AlertRuleInput = {
      name: patch.name ?? old.name,
      type,
      severity: patch.severity ?? old.severity,
      enabled: patch.enabled ?? old.enabled,
      cooldownMs: patch.cooldownMs ?? old.cooldownMs,
      ...(patch.hysteresis !== undefined ? { hysteresis: patch.hysteresis } : type === old.type ? { hysteresis: old.hysteresis } : {}),
      evaluateOn: patch.evaluateOn ?? old.evaluateOn,
      webhookUrl: patch.webhookUrl === undefined ? old.webhookUrl : patch.webhookUrl,
      params: params as Readonly<Record<string, unknown>>,
    };
    const rule = this.toRule(id, this.validate(merged, isKnownSymbol), old.createdAt, this.opts.clock.now());
    await this.opts.store.saveRule(rule);
    this.deactivate(id);
    this.rules.set(id, rule);
    if (rule.enabled) this.activate(rule);
    return rule;
  }

  /** Stops and deletes a rule; its events stay. False when there was no such rule. */
  async deleteRule(id: string): Promise<boolean> {
    await this.ready;
    this.deactivate(id);
    this.rules.delete(id);
    return this.opts.store.deleteRule(id);
  }

  /** The rule as this server evaluates it (null when it has none of that id). */
  getRule(id: string): AlertRule | null {
    return this.rules.get(id) ?? null;
  }

  /** Every stored rule with its figures and phase; the rules evaluated here are brought up to date with the store first. */
  async listRules(): Promise<AlertRuleView[]> {
    await this.ready;
    await this.sync({ kind: 'resync' });
    const stats = await this.opts.store.ruleStats();
    return [...this.rules.values()].map((rule) => ({ rule, stats: stats.get(rule.id) ?? EMPTY_STATS, phase: this.phaseOf(rule.id) }));
  }

  /** One rule's view, read from the store (so a rule another server just created is found), or null. */
  async viewRule(id: string): Promise<AlertRuleView | null> {
    await this.ready;
    await this.sync({ kind: 'saved', id });
    const rule = this.rules.get(id);
    if (rule === undefined) return null;
    return { rule, stats: (await this.opts.store.ruleStats()).get(id) ?? EMPTY_STATS, phase: this.phaseOf(id) };
  }

  /**
   * Brings the rules evaluated here up to date with the store after `change`: a rule saved is
   * read again and restarted if it differs from ours (our own changes come back equal and keep
   * their state), a rule gone is stopped, and `resync` does that for every rule. Changes are
   * applied in the order they arrive.
   */
  sync(change: RuleChange): Promise<void> {
    const next = this.syncChain.then(() => this.applyChange(change));
    this.syncChain = next.catch(() => undefined);
    return next;
  }

  /** Rules being evaluated now. */
  activeRules(): number {
    return this.runtimes.size;
  }

  /**
   * Starts evaluating a stored (or in-memory) rule. Used on start for the stored rules, after
   * create/update, and by the bench; a rule already running is restarted.
   */
  activate(rule: AlertRule): void {
    if (this.closed) return;
    this.deactivate(rule.id);
    this.rules.set(rule.id, rule);
    const rt: Runtime = { rule, monitor: monitorOf(rule), state: INITIAL_MONITOR_STATE, live: true, unsubscribe: () => undefined };
    this.runtimes.set(rule.id, rt);
    switch (rule.type) {
      case 'price':
      case 'volume_spike':
        rt.unsubscribe = this.joinBarFeed(rule.params.symbol, rule.params.tf, rt);
        break;
      case 'zscore':
      case 'spread':
      case 'correlation_break':
      case 'cointegration_health':
        rt.unsubscribe = this.joinPairFeed(rule.params, rt);
        break;
      case 'screener_entry':
        this.screenerRules.set(rt, INITIAL_SCREENER_ENTRY_STATE);
        rt.unsubscribe = () => this.screenerRules.delete(rt);
        break;
      case 'data_quality':
        this.qualityRules.add(rt);
        this.ensureQualityTimer();
        rt.unsubscribe = () => {
          this.qualityRules.delete(rt);
          if (this.qualityRules.size === 0 && this.qualityTimer !== null) {
            clearInterval(this.qualityTimer);
            this.qualityTimer = null;
          }
        };
        break;
      case 'strategy_fill':
        this.fillRules.add(rt);
        if (this.fillFeed === null && this.opts.feeds.subscribeStrategyFills !== undefined) this.fillFeed = this.opts.feeds.subscribeStrategyFills((u) => this.onFill(u));
        rt.unsubscribe = () => {
          this.fillRules.delete(rt);
          if (this.fillRules.size === 0 && this.fillFeed !== null) {
            this.fillFeed();
            this.fillFeed = null;
          }
        };
        break;
    }
  }

  /**
   * Fires every strategy_fill rule of the fill's strategy (or of any): one event per fill, keyed
   * by the fill's time, kind and strategy (the subject, `strategy <id>`), so a restart that
   * recomputes it does not fire again and two strategies filling at one time are two events,
   * with the fill in its message; the value is an exit's net PnL (0 for an entry). A rule's
   * cooldown, if one was set, still applies.
   */
  private onFill(u: StrategyFillEvent): void {
    const f = u.fill;
    const { y, x } = u.view.request.pair;
    const message = describeFill(u.view.row.id, f, y, x);
    const value = f.netPnl ?? 0;
    for (const rt of this.fillRules) {
      const rule = rt.rule;
      if (rule.type !== 'strategy_fill' || (rule.params.strategyId !== null && rule.params.strategyId !== u.view.row.id)) continue;
      const last = rt.state.lastFiredAt;
      if (last !== null && rule.cooldownMs > 0 && f.time - last < rule.cooldownMs) continue;
      rt.state = { ...rt.state, lastFiredAt: f.time };
      this.fire(rule, f.kind, value, f.time, { subject: `strategy ${u.view.row.id}`, message });
    }
  }

  /** Checks the data_quality rules now (the timer does it every second). */
  async checkQuality(): Promise<void> {
    if (this.qualityRules.size === 0) return;
    const now = this.opts.clock.now();
    const status = new Map((await this.opts.feeds.symbolStatus()).map((s) => [s.symbol, s]));
    for (const rt of this.qualityRules) {
      if (rt.rule.type !== 'data_quality') continue;
      const p = rt.rule.params;
      const s = status.get(p.symbol);
      if (s === undefined) continue;
      const value = p.condition === 'stall' ? (s.lastTickTs === null ? Number.NaN : now - s.lastTickTs) : p.condition === 'lag' ? (s.quality?.lagP99Ms ?? Number.NaN) : (s.quality?.gapsDetected ?? Number.NaN);
      // A stall is keyed by the last trade before it, which every server of a cluster saw, not
      // by the second this server happened to check: servers checking in different seconds
      // still claim the same event, and it is recorded and posted once.
      const key = p.condition === 'stall' && s.lastTickTs !== null ? s.lastTickTs : bucketStart(now, 1000);
      this.step(rt, { value, time: now }, key);
    }
  }

  /**
   * Steps the screener_entry rules with a new ranking of the live screener: each pair that
   * entered a rule's top N below its p-value fires `enter` with the pair as the subject and the
   * ranking's `asOf` as its `barStart`: events are unique on (rule, bar start, kind, subject),
   * so every pair entering in one ranking is its own event, and the servers of a cluster,
   * ranking the same bars, record it once.
   */
  onScreenerRanking(ranking: ScreenerRanking): void {
    if (this.closed || ranking.asOf === null) return;
    const now = this.opts.clock.now();
    for (const [rt, state] of this.screenerRules) {
      if (rt.rule.type !== 'screener_entry') continue;
      const r = stepScreenerEntry(rt.rule.params, state, ranking, now, rt.rule.cooldownMs);
      this.screenerRules.set(rt, r.state);
      if (rt.state.phase === 'unknown' && ranking.tf === rt.rule.params.tf) rt.state = { ...rt.state, phase: 'armed' };
      for (const e of r.fired) {
        const pair = `${e.item.y}/${e.item.x} ${ranking.tf}`;
        this.fire(rt.rule, 'enter', e.item.pvalue, ranking.asOf, {
          subject: pair,
          message: `${pair} entered the screener's top ${rt.rule.params.topN} at rank ${e.rank + 1}: EG p-value ${e.item.pvalue.toPrecision(3)} below ${rt.rule.params.maxPvalue}, beta ${e.item.beta.toPrecision(4)}, half-life ${e.item.halfLife === null ? '—' : `${e.item.halfLife.toFixed(1)} bars`}`,
        });
      }
    }
  }

  /** Waits for pending event writes and webhook deliveries, then stops every rule. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.ready.catch(() => undefined);
    this.closed = true;
    await this.watch?.();
    await this.syncChain;
    for (const id of [...this.runtimes.keys()]) this.deactivate(id);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.listeners.clear();
  }

  /** Listens for changes first, so none made while loading is missed, then loads every stored rule. */
  private async start(): Promise<void> {
    const store = this.opts.store;
    if (store.watchRules !== undefined) {
      this.watch = await store.watchRules((change) => {
        void this.sync(change).catch(() => {
          // The store is away: the listener's reconnection brings a resync, and listing reconciles.
        });
      });
    }
    for (const rule of await store.listRules()) this.adopt(rule);
  }

  private async applyChange(change: RuleChange): Promise<void> {
    if (this.closed) return;
    if (change.kind === 'resync') {
      const stored = await this.opts.store.listRules();
      if (this.closed) return;
      const ids = new Set(stored.map((r) => r.id));
      for (const id of [...this.rules.keys()]) if (!ids.has(id)) this.drop(id);
      for (const rule of stored) this.adopt(rule);
      return;
    }
    const rule = change.kind === 'deleted' ? null : await this.opts.store.getRule(change.id);
    if (this.closed) return;
    if (rule === null) this.drop(change.id);
    else this.adopt(rule);
  }

  /** Takes the stored `rule` as ours; a rule we already run unchanged keeps its monitor's state. */
  private adopt(rule: AlertRule): void {
    const ours = this.rules.get(rule.id);
    if (ours !== undefined && isDeepStrictEqual(ours, rule)) return;
    this.deactivate(rule.id);
    this.rules.set(rule.id, rule);
    if (rule.enabled) this.activate(rule);
  }

  private drop(id: string): void {
    this.deactivate(id);
    this.rules.delete(id);
  }

  private validate(input: AlertRuleInput, isKnownSymbol?: (symbol: string) => boolean): ValidRule {
    const r = validateAlertRule(input, isKnownSymbol === undefined ? {} : { isKnownSymbol });
    if (!r.ok) throw new TandemError('invalid_rule', r.error.message);
    return r.value;
  }

  private toRule(id: string, v: ValidRule, createdAt: number, updatedAt: number): AlertRule {
    const { condition, ...envelope } = v;
    return { id, ...envelope, ...condition, createdAt, updatedAt } as AlertRule;
  }

  private phaseOf(id: string): AlertRuleView['phase'] {
    const rt = this.runtimes.get(id);
    if (rt === undefined) return 'inactive';
    if (rt.state.phase === 'unknown' || !rt.live) return 'warming';
    return rt.state.phase;
  }

  private deactivate(id: string): void {
    const rt = this.runtimes.get(id);
    if (rt === undefined) return;
    this.runtimes.delete(id);
    rt.unsubscribe();
  }

  private joinBarFeed(symbol: string, tfLabel: string, rt: Runtime): () => void {
    const key = `${symbol}|${tfLabel}`;
    let feed = this.barFeeds.get(key);
    if (feed === undefined) {
      const runtimes = new Set<Runtime>();
      const volumeZ = new Map<number, RollingZScore>();
      const unsubscribe = this.opts.feeds.subscribeBars(symbol, tfOf(tfLabel), (u) => this.onBar(runtimes, volumeZ, u));
      feed = { runtimes, volumeZ, unsubscribe };
      this.barFeeds.set(key, feed);
    }
    const f = feed;
    f.runtimes.add(rt);
    if (rt.rule.type === 'volume_spike' && !f.volumeZ.has(rt.rule.params.window)) f.volumeZ.set(rt.rule.params.window, new RollingZScore(rt.rule.params.window));
    return () => {
      f.runtimes.delete(rt);
      if (f.runtimes.size === 0 && this.barFeeds.get(key) === f) {
        f.unsubscribe();
        this.barFeeds.delete(key);
      }
    };
  }

  private onBar(runtimes: Set<Runtime>, volumeZ: Map<number, RollingZScore>, u: BarUpdate): void {
    if (u.revised) return;
    const bar = u.bar;
    // The volume z-scores move once per final bar, whichever rules read them.
    if (u.final) for (const z of volumeZ.values()) z.update(bar.volume);
    for (const rt of runtimes) {
      const rule = rt.rule;
      if (rule.type === 'price') {
        if (u.final || rule.evaluateOn === 'forming') this.step(rt, { value: bar.close, time: bar.start }, bar.start);
      } else if (rule.type === 'volume_spike' && u.final) {
        this.step(rt, { value: volumeZ.get(rule.params.window)?.value?.z ?? Number.NaN, time: bar.start }, bar.start);
      }
    }
  }

  private joinPairFeed(ref: PairRef, rt: Runtime): () => void {
    const spec = pairSpecOf(ref);
    const key = pairKey(spec);
    let feed = this.pairFeeds.get(key);
    if (feed === undefined) {
      const runtimes = new Set<Runtime>();
      // Points published while the pair loads its history are the past: they only warm the
      // pair; the monitors start from the last of them once it is ready.
      const holder: { feed: PairFeed | null } = { feed: null };
      const subscription = this.opts.feeds.subscribePair(spec, (u) => {
        if (holder.feed?.live === true) this.onPair(runtimes, u);
      });
      const created: PairFeed = { runtimes, subscription, live: false };
      holder.feed = created;
      feed = created;
      this.pairFeeds.set(key, created);
      const goLive = (): void => {
        if (this.pairFeeds.get(key) !== created) return;
        created.live = true;
        for (const r of created.runtimes) this.initFromSnapshot(r, created);
      };
      if (subscription.ready === null) created.live = true;
      else void subscription.ready.then(goLive);
    }
    const f = feed;
    f.runtimes.add(rt);
    if (f.live) this.initFromSnapshot(rt, f);
    else rt.live = false;
    return () => {
      f.runtimes.delete(rt);
      if (f.runtimes.size === 0 && this.pairFeeds.get(key) === f) {
        f.subscription.unsubscribe();
        this.pairFeeds.delete(key);
      }
    };
  }

  /** Initialises a pair rule's monitor from the pair's latest point and tests (no firing). */
  private initFromSnapshot(rt: Runtime, f: PairFeed): void {
    rt.live = true;
    const snap = f.subscription.snapshot();
    const last = snap.points[snap.points.length - 1];
    if (rt.rule.type === 'cointegration_health') {
      const health = snap.tests?.tests.health ?? null;
      if (health !== null) rt.state = evaluate(rt.monitor, rt.state, { value: Number.NaN, state: health.state, time: 0 }, 0).state;
    } else if (last !== undefined) {
      rt.state = evaluate(rt.monitor, rt.state, { value: this.pairValue(rt.rule, last), time: last.start }, 0).state;
    }
  }

  private pairValue(rule: AlertRule, p: { readonly z: number; readonly spread: number; readonly corr: number }): number {
    return rule.type === 'zscore' ? p.z : rule.type === 'spread' ? p.spread : rule.type === 'correlation_break' ? p.corr : Number.NaN;
  }

  private onPair(runtimes: Set<Runtime>, u: PairUpdate): void {
    if (u.kind === 'point') {
      if (!u.final) return;
      for (const rt of runtimes) if (rt.rule.type !== 'cointegration_health') this.step(rt, { value: this.pairValue(rt.rule, u.point), time: u.point.start }, u.point.start);
    } else if (u.kind === 'tests') {
      const health = u.tests.tests.health;
      if (health === null) return;
      const w0 = health.windows[0];
      const obs: Observation = { value: w0?.pvalue ?? Number.NaN, state: health.state, time: w0?.end ?? this.opts.clock.now() };
      for (const rt of runtimes) if (rt.rule.type === 'cointegration_health') this.step(rt, obs, obs.time);
    }
  }

  private step(rt: Runtime, obs: Observation, barStart: number): void {
    const r = evaluate(rt.monitor, rt.state, obs, rt.rule.cooldownMs);
    rt.state = r.state;
    if (r.fired !== null) this.fire(rt.rule, r.fired, obs.value, barStart);
  }

  private fire(rule: AlertRule, kind: AlertEventKind, value: number, barStart: number, text?: { readonly subject: string; readonly message: string }): void {
    const write = this.opts.store
      .insertEvent({
        ruleId: rule.id,
        ruleName: rule.name,
        ruleType: rule.type,
        kind,
        severity: rule.severity,
        subject: text?.subject ?? subjectOf(rule),
        value,
        threshold: thresholdOf(rule),
        ts: this.opts.clock.now(),
        barStart,
        message: text?.message ?? describeEvent(rule, kind, value),
        delivery: rule.webhookUrl === null ? 'none' : 'pending',
      })
      .then((event) => {
        if (event === null) return;
        for (const l of this.listeners) {
          try {
            l(event);
          } catch {
            // A listener's failure is its own; the other listeners still get the event.
          }
        }
        if (rule.webhookUrl !== null) this.track(this.deliver(rule.webhookUrl, event));
      });
    this.track(write);
  }

  private async deliver(url: string, event: AlertEvent): Promise<void> {
    const outcome = await deliverWebhook(url, event, this.opts.webhook);
    // The URL is left out: webhook addresses often carry a secret of their own.
    if (!outcome.ok) log.warn({ event: 'webhook_failed', ruleId: event.ruleId, alertId: event.id, reason: outcome.error }, `webhook of alert rule ${event.ruleId} failed: ${outcome.error}`);
    await this.opts.store.recordDelivery(event.id, event.ruleId, outcome.ok ? 'delivered' : 'failed', outcome.error, this.opts.clock.now());
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((e: unknown) => log.warn({ err: e }, 'recording an alert or its delivery failed')).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private ensureQualityTimer(): void {
    if (this.qualityTimer !== null) return;
    this.qualityTimer = setInterval(() => void this.checkQuality().catch(() => undefined), this.opts.qualityEveryMs ?? 1000);
    this.qualityTimer.unref();
  }
}
