"""The Python a quant would write instead of `tandem import ticks`, for the import benchmark
(src/cli/bench/import-bench.ts): read a Binance aggTrades CSV with pandas, build 1s/1m/5m
OHLCV bars, and store ticks and bars in SQLite with `to_sql`. Prints the seconds it took.

Usage: /usr/bin/python3 scripts/bench/pandas_import.py <aggTrades.csv> <out.db>
"""
import sqlite3
import sys
import time

import pandas as pd

t0 = time.perf_counter()
path, db = sys.argv[1], sys.argv[2]
ticks = pd.read_csv(path)
ticks['ts'] = pd.to_datetime(ticks['transact_time'], unit='ms', utc=True)
frame = ticks.set_index('ts')
con = sqlite3.connect(db)
ticks.to_sql('ticks', con, if_exists='replace', index=False, chunksize=100_000)
for tf in ['1s', '1min', '5min']:
    r = frame.resample(tf)
    bars = pd.DataFrame({
        'open': r['price'].first(), 'high': r['price'].max(), 'low': r['price'].min(), 'close': r['price'].last(),
        'volume': r['quantity'].sum(), 'trades': r['price'].count(),
    }).dropna()
    bars['tf'] = tf
    bars.to_sql('bars', con, if_exists='append', chunksize=100_000)
con.commit()
con.close()
print(f'{time.perf_counter() - t0:.3f}')
