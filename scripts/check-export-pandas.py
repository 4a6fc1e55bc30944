#!/usr/bin/python3
"""Checks that Tandem's CSV exports read back in pandas as-is (Debian's python3-pandas 1.5).

    ./bin/tandem export ticks --symbol BTCUSDT --out /tmp/ticks.csv
    ./bin/tandem export bars --symbol BTCUSDT --tf 1m --out /tmp/bars.csv
    /usr/bin/python3 scripts/check-export-pandas.py /tmp/ticks.csv /tmp/bars.csv

Each file is read with nothing but read_csv(parse_dates=[<time column>]); the script asserts
the time column is tz-aware UTC datetime64, the numbers are numeric, and the rows are in time
order, then prints the head. Exits 1 on the first failed check.
"""
import sys

import pandas as pd


def check(path: str) -> None:
    head = open(path, encoding="utf-8").readline().strip().split(",")
    time_col = "ts" if "ts" in head else "timestamp"
    df = pd.read_csv(path, parse_dates=[time_col])
    dtype = str(df[time_col].dtype)
    assert dtype == "datetime64[ns, UTC]", f"{path}: {time_col} read as {dtype}, not datetime64[ns, UTC]"
    numeric = [c for c in ("price", "qty", "open", "high", "low", "close", "volume", "vwap") if c in df.columns]
    for c in numeric:
        assert pd.api.types.is_float_dtype(df[c]) or pd.api.types.is_integer_dtype(df[c]), f"{path}: {c} is {df[c].dtype}"
    assert df[time_col].is_monotonic_increasing, f"{path}: {time_col} is not in time order"
    if "buyer_maker" in df.columns:
        assert df["buyer_maker"].dtype == bool, f"{path}: buyer_maker is {df['buyer_maker'].dtype}"
    print(f"{path}: {len(df)} rows, {time_col} {dtype}, columns {list(df.columns)}")
    print(df.head(3).to_string(index=False))


for p in sys.argv[1:]:
    try:
        check(p)
    except AssertionError as e:
        print(f"FAILED: {e}")
        sys.exit(1)
print("pandas reads every export as-is")
