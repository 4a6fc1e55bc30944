/**
 * Connection status: the socket, the ingestion state and the server's counters, from the
 * `status` channel.
 * @module
 */

import { useEffect, useState } from 'react';
import { useDashboard } from '../state/dashboard-store';
import { statusModel, type Tone } from '../view/status-model';

function Dot({ tone }: { readonly tone: Tone }) {
  return <span className={`dot dot-${tone}`} aria-hidden="true" />;
}

export function ConnectionPanel() {
  const connection = useDashboard((s) => s.connection);
  const status = useDashboard((s) => s.status);
  const pending = useDashboard((s) => s.ingestion.pending);
  const streamError = useDashboard((s) => s.streamError);
  // Re-render each second while reconnecting, for the countdown.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (connection.phase !== 'reconnecting') return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [connection.phase]);
  const m = statusModel(connection, status, pending, Math.max(now, Date.now()));

  return (
    <section className="panel" aria-labelledby="conn-heading">
      <h2 id="conn-heading" className="panel-title">
        Status
      </h2>
      <dl className="stats">
        <dt>Stream</dt>
        <dd data-testid="ws-status" data-tone={m.connection.tone}>
          <Dot tone={m.connection.tone} />
          {m.connection.label}
        </dd>
        <dt>Ingestion</dt>
        <dd data-testid="ingestion-state" data-tone={m.ingestion.tone}>
          <Dot tone={m.ingestion.tone} />
          {m.ingestion.label}
        </dd>
        <dt>Source</dt>
        <dd>{m.source}</dd>
        <dt>Ticks/s</dt>
        <dd className="num" data-testid="ticks-per-second">
          {m.ticksPerSecond}
        </dd>
        <dt>Ticks stored</dt>
        <dd className="num" data-testid="ticks-stored">
          {m.ticksStored}
        </dd>
        <dt>Bars stored</dt>
        <dd className="num" data-testid="bars-stored">
          {m.barsStored}
        </dd>
        {m.bus !== null && (
          <>
            <dt>Bus</dt>
            <dd data-testid="bus-status" data-tone={m.bus.tone} title={m.bus.detail}>
              <Dot tone={m.bus.tone} />
              {m.bus.label}
            </dd>
          </>
        )}
        {m.cache !== null && (
          <>
            <dt>Cache</dt>
            <dd data-testid="cache-status" data-tone={m.cache.tone} title={m.cache.warning ?? undefined}>
              <Dot tone={m.cache.tone} />
              {m.cache.label}
            </dd>
          </>
        )}
      </dl>
      {m.cache?.warning != null && (
        <p className="field-warning" role="status" data-testid="cache-warning">
          {m.cache.warning}
        </p>
      )}
      {m.feeds.length > 0 && (
        <table className="feed-table" data-testid="feed-table">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">t/s</th>
              <th scope="col">ticks</th>
              <th scope="col" title="Age of the last tick, by the server's clock">last</th>
            </tr>
          </thead>
          <tbody>
            {m.feeds.map((f) => (
              <tr key={f.symbol} className={f.stale ? 'stale' : undefined}>
                <th scope="row">{f.symbol}</th>
                <td className="num">{f.rate}</td>
                <td className="num">{f.stored}</td>
                <td className="num">{f.age}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {m.reason !== null && (
        <p className="field-error" role="alert">
          {m.reason}
        </p>
      )}
      {streamError !== null && (
        <p className="field-error" role="alert" data-testid="stream-error">
          {streamError}
        </p>
      )}
    </section>
  );
}
