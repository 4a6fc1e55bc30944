#!/usr/bin/python3
"""Golden ranking for the universe pair screener (src/analytics/screen-pairs.ts).

Run with Debian's Python and packages:

    /usr/bin/python3 test/golden/screener/make_screener.py

A seeded universe of 6 symbols x 500 bars (one planted cointegrated pair, the rest random walks
sharing a market factor) is screened here with statsmodels: for every pair both orderings are
tested with `coint(y, x)` (trend 'c', autolag AIC) and the lower p-value is kept; then OLS
(`sm.OLS(y, add_constant(x))`), half-life (OLS of diff on the lagged level, COMPUTE.md),
Hurst (lag-variance, max_lag 100, docs/compute.md), correlation (pandas corr), z (last spread
against the mean and sample std of the whole spread), beta stability (coefficient of variation,
ddof 1, of the OLS slopes on 4 equal sub-windows, the last taking the remainder), score and the
60-point spread sparkline, on log prices and on raw prices. Writes screener.json beside itself.
"""
import json
import math
import os
import warnings

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.api as sm
from statsmodels.tsa.stattools import coint

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))


def fin(v):
    v = float(v)
    return v if math.isfinite(v) else None


def halflife(s):
    lagged, delta = s[:-1], np.diff(s)
    lam = sm.OLS(delta, sm.add_constant(lagged)).fit().params[1]
    return -math.log(2) / lam if lam < 0 else None


def hurst(s, max_lag=100):
    lags = range(2, max_lag + 1)
    tau = [np.std(s[lag:] - s[:-lag]) for lag in lags]
    return np.polyfit(np.log(list(lags)), np.log(tau), 1)[0]


def beta_stability(y, x, k=4):
    n = len(y)
    size = n // k
    slopes = []
    for w in range(k):
        a = w * size
        b = n if w == k - 1 else a + size
        slopes.append(sm.OLS(y[a:b], sm.add_constant(x[a:b])).fit().params[1])
    slopes = np.array(slopes)
    return float(np.std(slopes, ddof=1) / abs(slopes.mean()))


def sparkline(s, points=60):
    n = len(s)
    if n <= points:
        return list(s)
    return [s[int(round((k + 1) * (n - 1) / points))] for k in range(points)]


def figures(y, x):
    n = len(y)
    fit = sm.OLS(y, sm.add_constant(x)).fit()
    alpha, beta = fit.params
    spread = y - alpha - beta * x
    hl = halflife(spread)
    bs = beta_stability(y, x)
    p = coint(y, x, trend="c", autolag="AIC")[1]
    score = 0.0 if hl is None else -math.log10(max(p, 5e-324)) / (1 + bs)
    return {
        "beta": beta, "alpha": alpha, "pvalue": p, "halfLife": hl,
        "corr": pd.Series(x).corr(pd.Series(y)),
        "hurst": hurst(spread) if n >= 102 else None,
        "z": (spread[-1] - spread.mean()) / spread.std(ddof=1),
        "betaStability": bs, "score": score, "spread": sparkline(spread),
    }


def main():
    rng = np.random.default_rng(20240601)
    n, k = 500, 6
    names = ["AAAUSDT", "BBBUSDT", "CCCUSDT", "DDDUSDT", "EEEUSDT", "FFFUSDT"]
    market = np.cumsum(rng.normal(0, 0.002, n))
    logs = []
    for s in range(k):
        logs.append(np.log(20 + 80 * rng.random()) + (0.5 + 0.3 * rng.random()) * market + np.cumsum(rng.normal(0, 0.001, n)))
    # DDD = 0.3 + 0.8·log BBB + AR(1) spread: the planted pair.
    e = np.zeros(n)
    for t in range(1, n):
        e[t] = 0.85 * e[t - 1] + rng.normal(0, 0.0015)
    logs[3] = 0.3 + 0.8 * logs[1] + e
    closes = [np.exp(l) for l in logs]
    quote_volume = [float(1e5 * (1 + s)) for s in range(k)]

    out = {
        "generated_by": "make_screener.py",
        "versions": {"statsmodels": statsmodels.__version__, "numpy": np.__version__, "pandas": pd.__version__},
        "symbols": names, "closes": [list(map(float, c)) for c in closes], "quoteVolume": quote_volume,
        "planted": "DDDUSDT/BBBUSDT", "rankings": {},
    }
    for prices in ("log", "raw"):
        cols = [np.log(c) if prices == "log" else c for c in closes]
        items = []
        for a in range(k):
            for b in range(a + 1, k):
                one = figures(cols[a], cols[b])
                two = figures(cols[b], cols[a])
                if two["pvalue"] < one["pvalue"]:
                    items.append({"y": names[b], "x": names[a], **two})
                else:
                    items.append({"y": names[a], "x": names[b], **one})
        items.sort(key=lambda i: (i["pvalue"], i["halfLife"] if i["halfLife"] is not None else math.inf, i["y"], i["x"]))
        out["rankings"][prices] = [{k2: ([fin(v) for v in val] if isinstance(val, list) else (None if val is None else fin(val)) if k2 not in ("y", "x") else val) for k2, val in i.items()} for i in items]
    with open(os.path.join(HERE, "screener.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
