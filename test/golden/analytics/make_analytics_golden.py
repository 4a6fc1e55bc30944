#!/usr/bin/python3
"""Golden numbers for `tandem compute` from statsmodels 0.13 / scipy 1.10 / pandas 1.5.

Run with Debian's Python and packages (python3-statsmodels, python3-scipy, python3-pandas):

    /usr/bin/python3 test/golden/analytics/make_analytics_golden.py

It writes one JSON file per op beside itself: {"generated_by", "versions", "cases": [...]},
each case {"name", "request": {"op", "input", "options"}, and "expected" (the result, NaN and
inf as null) or "error" (the expected error code)}. The TypeScript tests replay the requests
through runCompute and need no Python. Data sets are seeded, so reruns give the same files.
Ops without a library equivalent (kalman_hedge, backtest_zscore, hurst, vwap) are computed
here by a direct transcription of COMPUTE.md / docs/compute.md, independent of the TS code.
"""
import json
import math
import os
import warnings

import numpy as np
import pandas as pd
import scipy
import scipy.stats
import statsmodels
import statsmodels.api as sm
from statsmodels.regression.rolling import RollingOLS
from statsmodels.tsa.stattools import adfuller, coint

warnings.simplefilter("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))


def clean(v):
    """JSON-ready: numpy → Python, non-finite → None."""
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, np.ndarray, pd.Series)):
        return [clean(x) for x in list(v)]
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        return f if math.isfinite(f) else None
    return v


def L(a):
    return [float(x) for x in a]


# ---------------------------------------------------------------- data sets
rng = np.random.default_rng(20240601)
N_LONG = 2000
short_x = rng.normal(0, 1, 10)
short_y = 1.5 + 2.0 * short_x + rng.normal(0, 0.5, 10)
long_x = rng.normal(0, 1, N_LONG).cumsum() + 100
long_y = 3.0 + 0.8 * long_x + rng.normal(0, 1, N_LONG)
rw = rng.normal(0, 1, 500).cumsum() + 50
coint_x = rng.normal(0, 1, 500).cumsum() + 100
spread = np.zeros(500)
for t in range(1, 500):
    spread[t] = 0.7 * spread[t - 1] + rng.normal(0, 1)
coint_y = 5 + 1.3 * coint_x + spread
out_x = np.arange(200, dtype=float)
out_y = 2 + 0.5 * out_x + rng.normal(0, 1, 200)
out_idx = rng.choice(200, 20, replace=False)
out_y[out_idx] += rng.choice([-1, 1], 20) * rng.uniform(20, 60, 20)
trend = 10 + 0.05 * np.arange(300) + rng.normal(0, 1, 300)
ar1 = np.zeros(400)
for t in range(1, 400):
    ar1[t] = 0.5 * ar1[t - 1] + rng.normal(0, 1)
huge = 1e9 + rng.normal(0, 1, 400).cumsum()
huge_x = 1e6 + rng.normal(0, 1, 400).cumsum()
huge_y = 2e6 + 1.7 * huge_x + rng.normal(0, 1, 400)
ties_x = np.repeat(np.arange(20, dtype=float), 3)
ties_y = np.round(0.3 * ties_x + rng.normal(0, 1, 60), 1)
const = np.full(50, 7.0)

files = {}


def case(op, name, inp, options=None, expected=None, error=None):
    req = {"op": op, "input": {k: (L(v) if isinstance(v, np.ndarray) else v) for k, v in inp.items()}}
    if options is not None:
        req["options"] = options
    c = {"name": name, "request": req}
    if error is not None:
        c["error"] = error
    else:
        c["expected"] = clean(expected)
    files.setdefault(op, []).append(c)


# ---------------------------------------------------------------- ols
def offset_of(v):
    """A round shift for series far from zero (0 otherwise)."""
    m = float(np.mean(v))
    return float(np.round(m)) if abs(m) > 1e5 else 0.0


def ref_ols(x, y):
    # Far from zero, statsmodels' pinv on raw [1, x] loses digits, so fit the shifted data
    # x - ox, y - oy and map back exactly: a = a' + oy - b ox, Var a = Var a' + ox^2 Var b - 2 ox Cov(a', b).
    ox, oy = offset_of(x), offset_of(y)
    r = sm.OLS(np.asarray(y) - oy, sm.add_constant(np.asarray(x) - ox)).fit()
    cov = r.cov_params()
    a = r.params[0] + oy - r.params[1] * ox
    var_a = cov[0, 0] + ox * ox * cov[1, 1] - 2 * ox * cov[0, 1]
    return {"intercept": a, "slope": r.params[1], "intercept_se": math.sqrt(var_a), "slope_se": r.bse[1],
            "r2": r.rsquared, "resid_std": math.sqrt(r.scale), "nobs": int(r.nobs)}


for nm, x, y in [("short", short_x, short_y), ("long", long_x, long_y), ("cointegrated", coint_x, coint_y),
                 ("outliers", out_x, out_y), ("huge offsets", huge_x, huge_y), ("ties", ties_x, ties_y)]:
    case("ols", nm, {"x": x, "y": y}, expected=ref_ols(x, y))
case("ols", "n = 2", {"x": [1, 2], "y": [1, 2]}, error="insufficient_data")
case("ols", "constant x", {"x": const, "y": short_y.tolist() * 5}, error="degenerate_input")
case("ols", "length mismatch", {"x": [1, 2, 3], "y": [1, 2]}, error="invalid_input")
case("ols", "non-numeric", {"x": [1, "a", 3], "y": [1, 2, 3]}, error="invalid_input")


# ---------------------------------------------------------------- huber
def ref_huber(x, y, t=1.345, maxiter=50, tol=1e-8):
    # RLM is shift-equivariant (same residuals, same weights); shift large levels as for ols.
    ox, oy = offset_of(x), offset_of(y)
    r = sm.RLM(np.asarray(y) - oy, sm.add_constant(np.asarray(x) - ox), M=sm.robust.norms.HuberT(t=t)).fit(maxiter=maxiter, tol=tol)
    return {"intercept": r.params[0] + oy - r.params[1] * ox, "slope": r.params[1], "scale": r.scale}


for nm, x, y in [("short", short_x, short_y), ("long", long_x, long_y), ("outliers", out_x, out_y),
                 ("huge offsets", huge_x, huge_y), ("ties", ties_x, ties_y)]:
    case("huber", nm, {"x": x, "y": y}, expected=ref_huber(x, y))
case("huber", "outliers t=2 maxiter=5", {"x": out_x, "y": out_y}, {"t": 2.0, "maxiter": 5}, expected=ref_huber(out_x, out_y, 2.0, 5))
case("huber", "outliers tol=1e-3", {"x": out_x, "y": out_y}, {"tol": 1e-3}, expected=ref_huber(out_x, out_y, tol=1e-3))
case("huber", "n = 2", {"x": [1, 2], "y": [1, 2]}, error="insufficient_data")
case("huber", "constant x", {"x": const, "y": short_y.tolist() * 5}, error="degenerate_input")


# ---------------------------------------------------------------- theilsen
def ref_ts(x, y, alpha=0.95):
    r = scipy.stats.theilslopes(y, x, alpha, method="separate")
    return {"slope": r[0], "intercept": r[1], "low_slope": r[2], "high_slope": r[3]}


ts_big_x = rng.normal(0, 1, 1200)
ts_big_y = 0.7 * ts_big_x + rng.standard_t(3, 1200)
for nm, x, y, a in [("short", short_x, short_y, 0.95), ("outliers", out_x, out_y, 0.95), ("ties", ties_x, ties_y, 0.95),
                    ("ties alpha 0.1", ties_x, ties_y, 0.1), ("trend 0.9", np.arange(300.0), trend, 0.9),
                    ("huge offsets", huge_x[:150], huge_y[:150], 0.95), ("n = 1200 (selection path)", ts_big_x, ts_big_y, 0.95),
                    ("n = 2", np.array([0.0, 1.0]), np.array([1.0, 3.0]), 0.95)]:
    case("theilsen", nm, {"x": x, "y": y}, {"alpha": a}, expected=ref_ts(x, y, a))
case("theilsen", "n = 1", {"x": [1], "y": [1]}, error="insufficient_data")
case("theilsen", "constant x", {"x": [2, 2, 2], "y": [1, 2, 3]}, error="degenerate_input")


# ---------------------------------------------------------------- adf
def ref_adf(s, regression="c", autolag="AIC", maxlag=None):
    if regression != "n" and abs(np.mean(s)) > 1e6:
        # With a constant in the regression, shifting the series changes no statistic, but
        # statsmodels' pinv on raw columns near 1e9 loses most digits; shift it first.
        s = s - np.round(np.mean(s))
    r = adfuller(s, maxlag=maxlag, regression=regression, autolag=autolag)
    k = {"n": 0, "c": 1, "ct": 2}[regression] + 1 + r[2]
    if r[3] - k < 1:
        return "insufficient_data"  # COMPUTE.md: m - k < 1 is an error (statsmodels returns t = 0)
    out = {"adf_stat": r[0], "pvalue": r[1], "used_lag": r[2], "nobs": r[3], "crit_values": r[4],
           "icbest": r[5] if autolag is not None else None}
    return out


for nm, s in [("random walk", rw), ("ar1", ar1), ("trend", trend), ("long", long_x), ("huge offsets", huge),
              ("short", np.concatenate([short_x, short_y]))]:
    for reg in ["c", "ct", "n"]:
        e = ref_adf(s, reg)
        if isinstance(e, str):
            case("adf", f"{nm} {reg}", {"series": s}, {"regression": reg}, error=e)
        else:
            case("adf", f"{nm} {reg}", {"series": s}, {"regression": reg}, expected=e)
case("adf", "ar1 BIC", {"series": ar1}, {"autolag": "BIC"}, expected=ref_adf(ar1, "c", "BIC"))
case("adf", "ar1 autolag null maxlag 3", {"series": ar1}, {"autolag": None, "maxlag": 3}, expected=ref_adf(ar1, "c", None, 3))
case("adf", "random walk autolag null default maxlag", {"series": rw}, {"autolag": None}, expected=ref_adf(rw, "c", None))
case("adf", "trend ct maxlag 0", {"series": trend}, {"regression": "ct", "maxlag": 0}, expected=ref_adf(trend, "ct", "AIC", 0))
case("adf", "long maxlag 40 BIC", {"series": long_x}, {"maxlag": 40, "autolag": "BIC"}, expected=ref_adf(long_x, "c", "BIC", 40))
# n = 20000 takes the cross-product (Cholesky) path of the implementation, not its QR path.
big = np.round(100 + np.cumsum(rng.normal(0, 1, 20000) + 0.02 * np.sin(np.arange(20000) / 50.0)), 6)
case("adf", "n = 20000 c (cross-product path)", {"series": big}, {"regression": "c"}, expected=ref_adf(big, "c"))
case("adf", "n = 20000 ct BIC (cross-product path)", {"series": big}, {"regression": "ct", "autolag": "BIC"}, expected=ref_adf(big, "ct", "BIC"))
case("adf", "n = 2", {"series": [1, 2]}, error="insufficient_data")
case("adf", "constant", {"series": const}, error="degenerate_input")
case("adf", "maxlag too large", {"series": rw[:20]}, {"maxlag": 9}, error="insufficient_data")
case("adf", "bad regression", {"series": rw}, {"regression": "ctt"}, error="invalid_input")


# ---------------------------------------------------------------- coint
def ref_coint(y, x, autolag="AIC", maxlag=None):
    # The residuals of y on [1, x] do not depend on shifting x or y; shift large levels so
    # statsmodels' pinv keeps its digits.
    y = np.asarray(y) - offset_of(y)
    x = np.asarray(x) - offset_of(x)
    t, p, crit = coint(y, x, trend="c", autolag=autolag, maxlag=maxlag)
    res = sm.OLS(y, sm.add_constant(x)).fit().resid
    used = adfuller(res, maxlag=maxlag, regression="n", autolag=autolag)[2]
    return {"t_stat": t, "pvalue": p, "crit_values": {"1%": crit[0], "5%": crit[1], "10%": crit[2]}, "used_lag": used}


rw2 = rng.normal(0, 1, 500).cumsum()
for nm, y, x, al, ml in [("cointegrated", coint_y, coint_x, "AIC", None), ("cointegrated BIC", coint_y, coint_x, "BIC", None),
                         ("cointegrated autolag null maxlag 2", coint_y, coint_x, None, 2),
                         ("independent walks", rw, rw2, "AIC", None), ("long", long_y, long_x, "AIC", None),
                         ("huge offsets", huge_y, huge_x, "AIC", None)]:
    opts = {}
    if al != "AIC":
        opts["autolag"] = al
    if ml is not None:
        opts["maxlag"] = ml
    case("coint", nm, {"y": y, "x": x}, opts, expected=ref_coint(y, x, al, ml))
case("coint", "collinear", {"y": (2 * coint_x + 1).tolist(), "x": coint_x}, error="degenerate_input")
case("coint", "constant x", {"y": coint_y[:50], "x": const}, error="degenerate_input")
case("coint", "n = 2", {"y": [1, 2], "x": [2, 1]}, error="insufficient_data")


# ---------------------------------------------------------------- halflife
def ref_hl(s):
    # Large levels: fit on the shifted series (statsmodels' pinv on a raw level near 1e9 treats
    # [1, level] as rank one), then shift the intercept back: intercept = b0 - lambda * offset.
    off = float(np.round(np.mean(s))) if abs(np.mean(s)) > 1e6 else 0.0
    r = sm.OLS(np.diff(s), sm.add_constant(s[:-1] - off)).fit()
    lam = r.params[1]
    return {"lambda": lam, "intercept": r.params[0] - lam * off, "halflife": -math.log(2) / lam if lam < 0 else None}


for nm, s in [("ar1", ar1), ("spread", spread), ("random walk", rw), ("huge offsets", huge), ("trend", trend)]:
    case("halflife", nm, {"series": s}, expected=ref_hl(s))
case("halflife", "n = 2", {"series": [1, 2]}, error="insufficient_data")
case("halflife", "constant head", {"series": [3, 3, 3, 3, 5]}, error="degenerate_input")


# ---------------------------------------------------------------- kalman_hedge
def ref_kalman(x, y, delta=1e-4, ve=1e-3):
    n = len(x)
    vw = delta / (1 - delta) * np.eye(2)
    theta = np.zeros(2)
    P = np.zeros((2, 2))
    out = {"beta": [], "alpha": [], "e": [], "q": []}
    for t in range(n):
        R = P if t == 0 else P + vw
        F = np.array([x[t], 1.0])
        e = y[t] - F @ theta
        Q = F @ R @ F + ve
        K = R @ F / Q
        theta = theta + K * e
        P = R - np.outer(K, F @ R)
        out["beta"].append(theta[0]); out["alpha"].append(theta[1]); out["e"].append(e); out["q"].append(Q)
    return out


case("kalman_hedge", "cointegrated", {"x": coint_x[:300], "y": coint_y[:300]}, expected=ref_kalman(coint_x[:300], coint_y[:300]))
case("kalman_hedge", "short delta 1e-2 ve 0.5", {"x": short_x, "y": short_y}, {"delta": 1e-2, "ve": 0.5},
     expected=ref_kalman(short_x, short_y, 1e-2, 0.5))
case("kalman_hedge", "one point", {"x": [2.0], "y": [3.0]}, expected=ref_kalman([2.0], [3.0]))
case("kalman_hedge", "empty", {"x": [], "y": []}, error="insufficient_data")
case("kalman_hedge", "bad delta", {"x": [1, 2], "y": [1, 2]}, {"delta": 1.5}, error="invalid_input")


# ---------------------------------------------------------------- rolling_zscore
def ref_z(s, w):
    # Large levels: pandas' online sums lose digits at 1e9, so roll the shifted series and shift
    # the mean back (std and z do not depend on the shift).
    off = float(np.round(np.mean(s))) if abs(np.mean(s)) > 1e6 else 0.0
    ser = pd.Series(np.asarray(s) - off, dtype=float)
    m = ser.rolling(w, min_periods=w).mean()
    sd = ser.rolling(w, min_periods=w).std()
    z = (ser - m) / sd
    z[sd == 0] = np.nan
    return {"mean": m.values + off, "std": sd.values, "z": z.values}


with_flat = np.concatenate([rw[:60], np.full(30, 42.0), rw[60:120]])
for nm, s, w in [("random walk w20", rw, 20), ("long w100", long_x, 100), ("huge offsets w30", huge, 30),
                 ("flat stretch w10", with_flat, 10), ("window > n", short_x, 20), ("w2", short_x, 2)]:
    case("rolling_zscore", nm, {"series": s}, {"window": w}, expected=ref_z(s, w))
case("rolling_zscore", "window missing", {"series": [1, 2, 3]}, error="invalid_input")
case("rolling_zscore", "window 1", {"series": [1, 2, 3]}, {"window": 1}, error="invalid_input")


# ---------------------------------------------------------------- rolling_corr
def ref_corr(x, y, w):
    # Correlation is shift-invariant; shift large levels so pandas' online sums keep their digits.
    x = np.asarray(x) - (np.round(np.mean(x)) if abs(np.mean(x)) > 1e5 else 0.0)
    y = np.asarray(y) - (np.round(np.mean(y)) if abs(np.mean(y)) > 1e5 else 0.0)
    sx, sy = pd.Series(x, dtype=float), pd.Series(y, dtype=float)
    c = sx.rolling(w, min_periods=w).corr(sy)
    flat = (sx.rolling(w).max() == sx.rolling(w).min()) | (sy.rolling(w).max() == sy.rolling(w).min())
    c[flat] = np.nan
    c[~np.isfinite(c)] = np.nan
    return {"corr": c.values}


flat_y = np.concatenate([coint_y[:60], np.full(30, 9.0), coint_y[60:120]])
for nm, x, y, w in [("cointegrated w30", coint_x, coint_y, 30), ("long w200", long_x, long_y, 200),
                    ("flat stretch w10", coint_x[:150], flat_y, 10), ("huge offsets w50", huge_x, huge_y, 50)]:
    case("rolling_corr", nm, {"x": x, "y": y}, {"window": w}, expected=ref_corr(x, y, w))
case("rolling_corr", "length mismatch", {"x": [1, 2, 3], "y": [1, 2]}, {"window": 2}, error="invalid_input")


# ---------------------------------------------------------------- rolling_ols
def ref_rols(x, y, w):
    # RollingOLS accumulates raw cross-products; for large levels fit the shifted data and map
    # the intercept back: y - oy = a' + b (x - ox)  =>  alpha = a' + oy - b ox.
    ox = float(np.round(np.mean(x))) if abs(np.mean(x)) > 1e5 else 0.0
    oy = float(np.round(np.mean(y))) if abs(np.mean(y)) > 1e5 else 0.0
    r = RollingOLS(np.asarray(y) - oy, sm.add_constant(np.asarray(x) - ox), window=w).fit()
    p = np.asarray(r.params)
    return {"beta": p[:, 1], "alpha": p[:, 0] + oy - p[:, 1] * ox}


for nm, x, y, w in [("cointegrated w50", coint_x, coint_y, 50), ("long w250", long_x, long_y, 250),
                    ("huge offsets w40", huge_x, huge_y, 40), ("short w3", short_x, short_y, 3)]:
    case("rolling_ols", nm, {"x": x, "y": y}, {"window": w}, expected=ref_rols(x, y, w))
case("rolling_ols", "window missing", {"x": [1, 2, 3], "y": [1, 2, 3]}, error="invalid_input")


# ---------------------------------------------------------------- resample_ohlcv
def ref_resample(ts, price, qty, interval):
    rule = {"1s": "1s", "1min": "1min", "5min": "5min"}[interval]
    df = pd.DataFrame({"p": price, "q": qty, "pq": np.asarray(price) * np.asarray(qty)},
                      index=pd.to_datetime(np.asarray(ts, dtype=np.int64), unit="ms"))
    g = df.resample(rule, label="left", closed="left")
    o = pd.DataFrame({"open": g["p"].first(), "high": g["p"].max(), "low": g["p"].min(), "close": g["p"].last(),
                      "volume": g["q"].sum(), "pq": g["pq"].sum(), "count": g["p"].count()})
    o = o[o["count"] > 0]
    return {"ts": (o.index.view(np.int64) // 10**6).tolist(), "open": o["open"].values, "high": o["high"].values,
            "low": o["low"].values, "close": o["close"].values, "volume": o["volume"].values,
            "vwap": (o["pq"] / o["volume"]).values, "count": o["count"].astype(int).tolist()}


t0 = 1_700_000_000_000
gaps = rng.integers(0, 900, 400)
ticks_ts = (t0 + np.cumsum(gaps)).tolist()
ticks_ts[10] = ticks_ts[9]  # equal timestamps
ticks_p = (100 + rng.normal(0, 0.1, 400).cumsum()).round(2)
ticks_q = rng.uniform(0.001, 2, 400).round(3)
for interval in ["1s", "1min", "5min"]:
    case("resample_ohlcv", f"ticks {interval}", {"ts": ticks_ts, "price": ticks_p, "qty": ticks_q}, {"interval": interval},
         expected=ref_resample(ticks_ts, ticks_p, ticks_q, interval))
case("resample_ohlcv", "no ticks", {"ts": [], "price": [], "qty": []}, {"interval": "1s"},
     expected={k: [] for k in ["ts", "open", "high", "low", "close", "volume", "vwap", "count"]})
case("resample_ohlcv", "decreasing ts", {"ts": [2000, 1000], "price": [1, 2], "qty": [1, 1]}, {"interval": "1s"}, error="invalid_input")
case("resample_ohlcv", "non-integer ts", {"ts": [1000.5], "price": [1], "qty": [1]}, {"interval": "1s"}, error="invalid_input")
case("resample_ohlcv", "qty 0", {"ts": [1000], "price": [1], "qty": [0]}, {"interval": "1s"}, error="invalid_input")
case("resample_ohlcv", "bad interval", {"ts": [1000], "price": [1], "qty": [1]}, {"interval": "2min"}, error="invalid_input")


# ---------------------------------------------------------------- vwap
def ref_vwap(p, q):
    p, q = np.asarray(p), np.asarray(q)
    return {"vwap": np.cumsum(p * q) / np.cumsum(q)}


case("vwap", "ticks", {"price": ticks_p, "qty": ticks_q}, expected=ref_vwap(ticks_p, ticks_q))
case("vwap", "qty negative", {"price": [1, 2], "qty": [1, -1]}, error="invalid_input")


# ---------------------------------------------------------------- backtest_zscore
def ref_backtest(s, z, entry=2.0, exit=0.5, cost=0.0):
    n = len(s)
    pos = [0] * n
    p = 0
    for t in range(n):
        zt = z[t]
        if zt is None:
            q = p
        elif p != 0 and abs(zt) < exit:
            q = 0
        elif p == -1 and zt < -entry:
            q = 1
        elif p == 1 and zt > entry:
            q = -1
        elif p == 0 and zt > entry:
            q = -1
        elif p == 0 and zt < -entry:
            q = 1
        else:
            q = p
        pos[t] = q
        p = q
    eq = [0.0] * n
    for t in range(n):
        prev = pos[t - 1] if t > 0 else 0
        eq[t] = (eq[t - 1] + prev * (s[t] - s[t - 1]) if t > 0 else 0.0) - cost * abs(pos[t] - prev)
    if n and pos[-1] != 0:
        eq[-1] -= cost * abs(pos[-1])
    trades = []
    for i in range(n):
        prev = pos[i - 1] if i > 0 else 0
        if pos[i] != 0 and pos[i] != prev:
            side = pos[i]
            j = next((k for k in range(i + 1, n) if pos[k] != side), n - 1)
            pnl = sum(side * (s[t + 1] - s[t]) for t in range(i, j)) - 2 * cost
            trades.append({"entry_index": i, "exit_index": j, "side": side, "pnl": pnl})
    wins = sum(1 for t in trades if t["pnl"] > 0)
    return {"num_trades": len(trades), "trades": trades, "total_pnl": eq[-1] if n else 0.0,
            "win_rate": wins / len(trades) if trades else None, "equity": eq, "position": pos}


zz = ref_z(spread, 20)["z"]
z_list = [None if not np.isfinite(v) else float(v) for v in zz]
sp = L(spread)
case("backtest_zscore", "spread w20", {"spread": sp, "z": z_list}, expected=ref_backtest(sp, z_list))
case("backtest_zscore", "spread entry 1.5 exit 0 cost 0.05", {"spread": sp, "z": z_list}, {"entry": 1.5, "exit": 0.0, "cost": 0.05},
     expected=ref_backtest(sp, z_list, 1.5, 0.0, 0.05))
flip_s = [0.0, 1.0, 2.0, 1.0, 0.5, 0.0, 1.0]
flip_z = [0.0, 2.5, -2.5, None, 2.1, 0.1, -3.0]
case("backtest_zscore", "flips, holds and a last-bar entry", {"spread": flip_s, "z": flip_z}, {"cost": 0.1},
     expected=ref_backtest(flip_s, flip_z, cost=0.1))
case("backtest_zscore", "exit >= entry", {"spread": [1, 2], "z": [0, 0]}, {"entry": 1, "exit": 1}, error="invalid_input")
case("backtest_zscore", "length mismatch", {"spread": [1, 2], "z": [0]}, error="invalid_input")


# ---------------------------------------------------------------- hurst
def ref_hurst(s, max_lag=100):
    lags = list(range(2, max_lag + 1))
    tau = [np.std(s[lag:] - s[:-lag]) for lag in lags]
    fit = np.polyfit(np.log(lags), np.log(tau), 1)
    return {"hurst": fit[0], "intercept": fit[1], "lags": lags, "tau": tau}


case("hurst", "random walk", {"series": rw}, expected=ref_hurst(rw))
case("hurst", "ar1 max_lag 20", {"series": ar1}, {"max_lag": 20}, expected=ref_hurst(ar1, 20))
case("hurst", "trend max_lag 50", {"series": trend}, {"max_lag": 50}, expected=ref_hurst(trend, 50))
case("hurst", "too short", {"series": L(rw[:50])}, error="insufficient_data")
case("hurst", "max_lag 2", {"series": rw}, {"max_lag": 2}, error="invalid_input")


# ---------------------------------------------------------------- corr_matrix
def ref_corr_matrix(d, basis="log_returns"):
    df = pd.DataFrame({k: pd.Series(v, dtype=float) for k, v in d.items()})
    if basis == "log_returns":
        df = np.log(df).diff()
    df = df.dropna()
    c = df.corr()
    return {"names": list(d.keys()), "matrix": c.values.tolist(), "nobs": len(df)}


basket = {"BTCUSDT": L(coint_x[:200]), "ETHUSDT": L(coint_y[:200]), "SOLUSDT": L(rw[:200])}
case("corr_matrix", "basket log returns", {"series": basket}, expected=ref_corr_matrix(basket))
case("corr_matrix", "basket levels", {"series": basket}, {"basis": "levels"}, expected=ref_corr_matrix(basket, "levels"))
gappy = {"A": L(coint_x[:50]), "B": L(coint_y[:50])}
gappy["A"][5] = None
gappy["B"][17] = None
case("corr_matrix", "missing values", {"series": gappy}, expected=ref_corr_matrix(gappy))
case("corr_matrix", "non-positive price", {"series": {"A": [1, -2, 3], "B": [1, 2, 3]}}, error="invalid_input")
case("corr_matrix", "one row", {"series": {"A": [1, 2], "B": [1, 2]}}, error="insufficient_data")


# ---------------------------------------------------------------- volume_spikes
vol = rng.gamma(2.0, 5.0, 300)
vol[[50, 120, 121, 250]] *= 8


def ref_spikes(v, w, thr=3.0):
    z = ref_z(v, w)["z"]
    return {"z": z, "spikes": [int(i) for i in np.where(np.nan_to_num(z, nan=-np.inf) > thr)[0]]}


case("volume_spikes", "gamma volumes w30", {"volume": vol}, {"window": 30}, expected=ref_spikes(vol, 30))
case("volume_spikes", "threshold 2 w60", {"volume": vol}, {"window": 60, "threshold": 2.0}, expected=ref_spikes(vol, 60, 2.0))
case("volume_spikes", "negative volume", {"volume": [1, -1, 2]}, {"window": 2}, error="invalid_input")


# ---------------------------------------------------------------- protocol
case("protocol", "unknown op", {}, error="unknown_op")
files["protocol"][0]["request"]["op"] = "no_such_op"

versions = {"statsmodels": statsmodels.__version__, "scipy": scipy.__version__, "pandas": pd.__version__, "numpy": np.__version__}
for op, cases in files.items():
    with open(os.path.join(HERE, f"{op}.json"), "w") as f:
        json.dump({"generated_by": "test/golden/analytics/make_analytics_golden.py", "versions": versions, "cases": cases},
                  f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
print(f"wrote {len(files)} files, {sum(len(c) for c in files.values())} cases")
