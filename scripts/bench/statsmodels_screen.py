#!/usr/bin/python3
"""The screener's per-pair work in statsmodels, for `tandem bench --only screener`.

    /usr/bin/python3 scripts/bench/statsmodels_screen.py universe.json

universe.json: {"closes": [[...], ...], "pairs": [[i, j], ...], "prices": "log"|"raw"}. For each
pair, as the screener does: both orderings through `coint(y, x)` (trend 'c', autolag AIC), then
for the better one OLS, half-life, Hurst (lag-variance, max_lag 100), correlation, z and the
beta stability over 4 sub-windows. Prints one JSON object: {"seconds": the time of the pair loop,
"pvalues": the kept p-value of each pair}.
"""
import json
import math
import sys
import time
import warnings

import numpy as np
import statsmodels.api as sm
from statsmodels.tsa.stattools import coint

warnings.simplefilter("ignore")


def figures(y, x):
    fit = sm.OLS(y, sm.add_constant(x)).fit()
    alpha, beta = fit.params
    s = y - alpha - beta * x
    lam = sm.OLS(np.diff(s), sm.add_constant(s[:-1])).fit().params[1]
    lags = range(2, 101)
    tau = [np.std(s[lag:] - s[:-lag]) for lag in lags]
    hurst = np.polyfit(np.log(list(lags)), np.log(tau), 1)[0]
    corr = np.corrcoef(x, y)[0, 1]
    z = (s[-1] - s.mean()) / s.std(ddof=1)
    n, k = len(y), 4
    size = n // k
    slopes = [sm.OLS(y[w * size:(n if w == k - 1 else (w + 1) * size)], sm.add_constant(x[w * size:(n if w == k - 1 else (w + 1) * size)])).fit().params[1] for w in range(k)]
    return lam, hurst, corr, z, np.std(slopes, ddof=1) / abs(np.mean(slopes))


def main():
    with open(sys.argv[1]) as f:
        u = json.load(f)
    cols = [np.log(np.array(c)) if u["prices"] == "log" else np.array(c) for c in u["closes"]]
    out = []
    t0 = time.perf_counter()
    for i, j in u["pairs"]:
        p1 = coint(cols[i], cols[j], trend="c", autolag="AIC")[1]
        p2 = coint(cols[j], cols[i], trend="c", autolag="AIC")[1]
        y, x = (cols[j], cols[i]) if p2 < p1 else (cols[i], cols[j])
        figures(y, x)
        out.append(min(p1, p2))
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "pvalues": [p if math.isfinite(p) else None for p in out]}))


if __name__ == "__main__":
    main()
