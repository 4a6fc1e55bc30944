/**
 * Data quality of a Binance feed, per symbol: state, message rate, lag, gaps and refills,
 * duplicates, unrecovered trades, malformed frames, reconnects and the last reason, and the
 * progress of the history backfill ("backfill 63% (1,812/2,880 min)"). Sources
 * without a feed to watch show nothing. While Binance cannot be reached, it says so plainly.
 * @module
 */

import { useDashboard } from '../state/dashboard-store';
import { qualityModel } from '../view/quality-model';

export function DataQualityPanel() {
  const status = useDashboard((s) => s.status);
  const m = qualityModel(status);
  if (m === null) return null;
  return (
    <section className="quality" aria-labelledby="quality-heading" data-testid="data-quality">
      <h2 id="quality-heading" className="panel-title">
        Data quality
      </h2>
      {m.unreachable !== null && (
        <p className="unreachable" role="alert" data-testid="binance-unreachable">
          <strong>{m.unreachable.title}</strong>
          {m.unreachable.reason !== null && <span className="unreachable-reason">{m.unreachable.reason}</span>}
        </p>
      )}
      {m.rows.length > 0 && (
        <table className="quality-table num" data-testid="quality-table">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">State</th>
              <th scope="col" title="Messages per second">msg/s</th>
              <th scope="col" title="Receive time minus event time (E), median, ms">lag p50</th>
              <th scope="col" title="Receive time minus event time (E), 99th percentile, ms">p99</th>
              <th scope="col" title="Jumps in the aggregate trade ids">gaps</th>
              <th scope="col" title="Trades fetched over REST to fill gaps">refilled</th>
              <th scope="col" title="Trades received twice and dropped">dups</th>
              <th scope="col" title="Trades lost for good">unrecov.</th>
              <th scope="col" title="Frames that failed strict parsing">malformed</th>
              <th scope="col">reconn.</th>
              <th scope="col">last reconnect reason</th>
              <th scope="col" title="1m klines fetched for the lookback (--backfill), minutes stored of the window">history</th>
            </tr>
          </thead>
          <tbody>
            {m.rows.map((r) => (
              <tr key={r.symbol} data-testid={`quality-${r.symbol}`}>
                <th scope="row">{r.symbol}</th>
                <td>
                  <span className={`badge badge-${r.tone}`} data-testid="quality-state">
                    {r.state}
                  </span>
                </td>
                <td>{r.rate}</td>
                <td data-testid="quality-lag-p50">{r.lagP50}</td>
                <td data-testid="quality-lag-p99">{r.lagP99}</td>
                <td>{r.gaps}</td>
                <td>{r.refilled}</td>
                <td>{r.duplicates}</td>
                <td className={r.lost ? 'lost' : undefined}>{r.unrecovered}</td>
                <td>{r.malformed}</td>
                <td>{r.reconnects}</td>
                <td className="reason" title={r.reason}>
                  {r.reason}
                </td>
                <td data-testid="quality-backfill" title={r.backfillError ?? undefined}>
                  {r.backfill}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
