/**
 * Runs the fake Binance exchange of the tests on 127.0.0.1, for trying `tandem serve --source
 * binance` without a network:
 *
 *   npx tsx scripts/fake-binance.ts --port 9443 --symbols BTCUSDT,ETHUSDT [--history-minutes 120]
 *   TANDEM_BINANCE_WS_URL=ws://127.0.0.1:9443 TANDEM_BINANCE_REST_URL=http://127.0.0.1:9443 \
 *     ./bin/tandem serve --source binance --symbols BTCUSDT,ETHUSDT
 *
 * `--history-minutes N` starts the tape N minutes in the past (at `--rate`), so `serve`'s
 * `--backfill` has klines and aggTrades to fetch. Type a fault at its prompt to watch the data-quality panel react: `drop`, `silent 5000`,
 * `skip BTCUSDT 50`, `resend ETHUSDT 10`, `429 2 1`, `malformed truncated`, `quit`; and, for
 * `--symbols ALL` (which re-checks exchangeInfo every `--universe-refresh`), `delist ETHUSDT`
 * (status SETTLING) and `list ETHUSDT` (status TRADING).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { FakeBinance, type MalformedKind } from '../src/fake-binance/fake-binance.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '9443' }, symbols: { type: 'string', default: 'BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT' }, rate: { type: 'string', default: '200' }, 'history-minutes': { type: 'string', default: '0' } } });
const fake = await FakeBinance.start({ symbols: values.symbols.split(','), port: Number(values.port), tradesPerSecond: Number(values.rate), historyMs: Number(values['history-minutes']) * 60_000 });
console.log(`fake Binance on ${fake.restBaseUrl} (WebSocket ${fake.wsBaseUrl}); faults: drop | silent MS | skip SYMBOL N | resend SYMBOL N | 429 TIMES SECONDS | malformed KIND | list SYMBOL | delist SYMBOL | quit`);

const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const [cmd, a, b] = line.trim().split(/\s+/);
  if (cmd === 'drop') console.log(`dropped ${await fake.dropConnections()} connection(s)`);
  else if (cmd === 'silent') fake.goSilent(Number(a ?? 5000));
  else if (cmd === 'skip') fake.skipIds(a ?? 'BTCUSDT', Number(b ?? 50));
  else if (cmd === 'resend') fake.resendIds(a ?? 'BTCUSDT', Number(b ?? 10));
  else if (cmd === '429') fake.rest429(Number(a ?? 2), Number(b ?? 1));
  else if (cmd === 'malformed') fake.sendMalformed((a ?? 'truncated') as MalformedKind);
  else if (cmd === 'list') fake.setStatus(a ?? 'BTCUSDT', 'TRADING');
  else if (cmd === 'delist') fake.setStatus(a ?? 'BTCUSDT', 'SETTLING');
  else if (cmd === 'quit') break;
  else if (cmd !== '') console.log(`unknown fault '${cmd}'`);
}
await fake.stop();
process.exit(0);
