"""What a pandas user runs to profile a metrics CSV, timed as a whole command by `npm run bench -- eda`:
read the CSV, describe, skew, kurtosis, Pearson and Spearman correlation, missing counts.
Run with Debian's python: /usr/bin/python3 tests/reference/pandas_profile.py FILE.csv
"""
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1])
m = df.select_dtypes("number").drop(columns=["label"], errors="ignore")
out = {
    "describe": m.describe(),
    "skew": m.skew(),
    "kurt": m.kurt(),
    "pearson": m.corr(),
    "spearman": m.corr(method="spearman"),
    "missing": df.isna().sum(),
}
print(len(df), "rows;", ", ".join(out))
