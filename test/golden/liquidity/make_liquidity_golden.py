#!/usr/bin/python3
"""Golden values for src/analytics/liquidity.ts and lagged-correlation.ts, from pandas/numpy.

Run from the repo root:  /usr/bin/python3 test/golden/liquidity/make_liquidity_golden.py
"""
import json
import os

import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
n = 500
close = 100 * np.exp(np.cumsum(rng.normal(0, 0.002, n)))
volume = np.exp(rng.normal(0, 1, n))
volume[[10, 200]] = 0.0  # bars without trades
vwap = close * (1 + rng.normal(0, 0.0005, n))
x = np.cumsum(rng.normal(0, 1, n))
y = np.roll(x, 3) + rng.normal(0, 0.5, n)  # y follows x by 3 bars
y[:3] = 0.0
x[17] = np.nan

c = pd.Series(close)
r = np.log(c).diff()
window = 20
out = {
    "generator": "test/golden/liquidity/make_liquidity_golden.py, pandas " + pd.__version__,
    "close": close.tolist(),
    "volume": volume.tolist(),
    "vwap": vwap.tolist(),
    "window": window,
    "log_returns": [None if np.isnan(v) else v for v in r.tolist()],
    "amihud": [None if not np.isfinite(v) else v for v in (r.abs() / (pd.Series(vwap) * pd.Series(volume))).tolist()],
    "realised_vol": [None if np.isnan(v) else v for v in ((r ** 2).rolling(window).sum() ** 0.5).tolist()],
    "x": [None if np.isnan(v) else v for v in x.tolist()],
    "y": y.tolist(),
    "max_lag": 6,
    "lagged_corr": [pd.Series(x).corr(pd.Series(y).shift(-k)) for k in range(-6, 7)],
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "liquidity_golden.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", path)
