#!/usr/bin/python3
"""Golden bars for the bar engine, made with pandas (Debian's python3-pandas, 1.5).

Run from the repo root:  /usr/bin/python3 test/golden/bars/make_bars_golden.py
Writes test/golden/bars/bars_golden.json: a deterministic set of ticks (bursts that share a
millisecond, quiet gaps longer than a bar, prices at realistic magnitudes) and, per timeframe,
the bars pandas makes with resample(label='left', closed='left'), empty buckets dropped.
"""
import json
import os

import numpy as np
import pandas as pd

rng = np.random.default_rng(20261124)
n = 6000
start = 1_795_000_000_000  # epoch ms
gaps = rng.exponential(40.0, n)
gaps[rng.random(n) < 0.2] = 0.0  # bursts in one millisecond
gaps[rng.random(n) < 0.002] = 400_000.0  # quiet spells longer than a 5m bar
ts = start + np.floor(np.cumsum(gaps)).astype(np.int64)
price = np.round(97_000 * np.exp(np.cumsum(rng.normal(0, 2e-4, n))), 1)
qty = np.round(np.exp(rng.normal(np.log(0.01), 1.1, n)), 3)
qty[qty <= 0] = 0.001

df = pd.DataFrame({"price": price, "qty": qty, "pv": price * qty}, index=pd.to_datetime(ts, unit="ms"))
out = {
    "generator": "test/golden/bars/make_bars_golden.py, pandas " + pd.__version__,
    "ticks": {"ts": ts.tolist(), "price": price.tolist(), "qty": qty.tolist()},
    "bars": {},
}
for label, rule, ms in [("250ms", "250ms", 250), ("1s", "1s", 1000), ("15s", "15s", 15000), ("1m", "1min", 60000), ("5m", "5min", 300000), ("4h", "4h", 14400000)]:
    r = df.resample(rule, label="left", closed="left")
    bars = pd.DataFrame({
        "open": r["price"].first(),
        "high": r["price"].max(),
        "low": r["price"].min(),
        "close": r["price"].last(),
        "volume": r["qty"].sum(),
        "pv": r["pv"].sum(),
        "count": r["price"].count(),
    })
    bars = bars[bars["count"] > 0]
    starts = (bars.index.view("int64") // 1_000_000).astype(np.int64)
    out["bars"][label] = {
        "ms": ms,
        "ts": starts.tolist(),
        "open": bars["open"].tolist(),
        "high": bars["high"].tolist(),
        "low": bars["low"].tolist(),
        "close": bars["close"].tolist(),
        "volume": bars["volume"].tolist(),
        "vwap": (bars["pv"] / bars["volume"]).tolist(),
        "count": bars["count"].astype(int).tolist(),
    }

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bars_golden.json")
with open(path, "w") as f:
    json.dump(out, f)
print(f"wrote {path}: {n} ticks, " + ", ".join(f"{k}: {len(v['ts'])} bars" for k, v in out["bars"].items()))
