"""DuckDB over a harvested national store: the two queries docs/NATIONAL.md documents,
run exactly as written there, agree to the cent with sums computed from the counties'
own data (the latest version of every expenditure month, found through each county's
own ledger, read from its data.csv), and to the cent with the sums of the counties' own
aggregates (each of those versions' aggregates.parquet, read from the county's data
directory); the documented query over the harvested aggregates gives the same rows. Also
checks that the manifest matters: at least one
restated month is in the store, so a bare glob would count it twice.

Usage: check_national.py NATIONAL_DIR COUNTIES_DIR   (NATIONAL_DIR must be named
`national`, as the documented queries name it; each folder of COUNTIES_DIR is a county's
data directory named by its code). Prints 'N passed, M failed'; exits 1 on failure.
"""

import csv
import datetime
import json
import os
import pathlib
import re
import sys
from collections import defaultdict
from decimal import Decimal

import duckdb

national = pathlib.Path(sys.argv[1]).resolve()
counties = pathlib.Path(sys.argv[2]).resolve()
assert national.name == "national", "the documented queries read national/…"
docs = pathlib.Path(__file__).resolve().parents[2] / "docs" / "NATIONAL.md"
queries = dict(re.findall(r"```sql (\w+)\n(.*?)```", docs.read_text(), re.S))
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}", file=sys.stderr)


# The two for DuckDB, and the same two in Spark's dialect (check_national_spark.py runs them).
check(
    set(queries)
    == {
        "totals",
        "shared_payees",
        "aggregates_totals",
        "spark_totals",
        "spark_shared_payees",
        "spark_aggregates_totals",
    },
    f"docs/NATIONAL.md documents the three queries for DuckDB and for Spark: {sorted(queries)}",
)

# The counties' own figures: per (county, fiscal year, economic item), and per named payee.
totals = defaultdict(lambda: [0, Decimal(0)])
aggregated = defaultdict(lambda: [0, 0])  # payments, cents
payees = defaultdict(lambda: [set(), 0, Decimal(0)])
for folder in sorted(p for p in counties.iterdir() if p.is_dir()):
    code = folder.name
    latest = {}
    for line in (folder / "ledger.jsonl").read_text().splitlines():
        entry = json.loads(line)
        if entry["kind"] == "expenditure":
            latest[entry["dataset"]] = entry["version"]
    check(len(latest) > 0, f"county {code} published expenditure")
    for dataset, version in latest.items():
        # The county's own aggregates of the version, as it published them.
        own = duckdb.sql(
            f"select fiscal_year, item, sum(count), sum(cents) from "
            f"read_parquet('{folder / dataset / f'v{version}' / 'aggregates.parquet'}') "
            f"where measure = 'spent' group by all"
        ).fetchall()
        for fy, item, n, cents in own:
            a = aggregated[(code, fy, item)]
            a[0] += n
            a[1] += cents
        with open(folder / dataset / f"v{version}" / "data.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                paid = datetime.date.fromisoformat(row["payment_date"])
                fy = paid.year if paid.month >= 7 else paid.year - 1
                amount = Decimal(row["amount"]).quantize(Decimal("0.01"))
                t = totals[(code, f"{fy}-{(fy + 1) % 100:02d}", row["economic_item"])]
                t[0] += 1
                t[1] += amount
                if row["payee_type"] != "individual":
                    p = payees[row["payee"]]
                    p[0].add(code)
                    p[1] += 1
                    p[2] += amount

os.chdir(national.parent)
con = duckdb.connect()

got = con.execute(queries["totals"]).fetchall()
expected = sorted((c, fy, item, n, total) for (c, fy, item), (n, total) in totals.items())
check(len(got) == len(expected), f"totals: DuckDB gives {len(got)} rows, the counties' data {len(expected)}")
diff = [(g, e) for g, e in zip(got, expected) if tuple(g) != e]
check(not diff, f"totals differ from the counties' own sums (first: {diff[:3]})")
print(f"totals: {len(got)} rows (county, fiscal year, economic item), e.g. {got[0]}")

# The issue's test: the engine's national totals equal the sums of the counties' own
# aggregates, to the cent; and so does the documented query over the harvested aggregates.
from_aggregates = sorted(
    (c, fy, item, n, Decimal(cents) / 100) for (c, fy, item), (n, cents) in aggregated.items()
)
check(len(from_aggregates) == len(got) > 0, f"the counties' aggregates give {len(from_aggregates)} rows, DuckDB {len(got)}")
diff = [(g, a) for g, a in zip(got, from_aggregates) if tuple(g) != a]
check(not diff, f"DuckDB's totals differ from the sums of the counties' aggregates (first: {diff[:3]})")
harvested = con.execute(queries["aggregates_totals"]).fetchall()
diff = [(h, a) for h, a in zip(harvested, from_aggregates) if tuple(h) != a]
check(
    len(harvested) == len(from_aggregates) and not diff,
    f"the query over the harvested aggregates differs from the counties' own ({len(harvested)} rows; first: {diff[:3]})",
)
print(f"aggregates: {len(harvested)} rows, equal to the cent to DuckDB's totals over the payments")

got = con.execute(queries["shared_payees"]).fetchall()
shared = {name: p for name, p in payees.items() if len(p[0]) > 1}
expected = {name: (len(c), ",".join(sorted(c)), n, total) for name, (c, n, total) in shared.items()}
check(len(got) == len(expected) > 0, f"shared payees: DuckDB gives {len(got)}, the counties' data {len(expected)}")
diff = [row for row in got if expected.get(row[0]) != tuple(row[1:])]
check(not diff, f"shared payees differ from the counties' own sums (first: {diff[:3]})")
print(f"shared payees: {len(got)}, e.g. {got[0]}")

# The semi-join is what keeps a restated month from counting twice.
versions = con.execute(
    """select count(*) from (
         select county, period from read_parquet('national/expenditure/*/*/*/data.parquet', hive_partitioning = true,
                hive_types = {'county': VARCHAR, 'period': VARCHAR, 'v': INTEGER})
         group by county, period having count(distinct v) > 1)"""
).fetchone()[0]
check(versions > 0, "the store holds a restated month (more than one version of a county's period)")
bare = con.execute(
    "select count(*) from read_parquet('national/expenditure/*/*/*/data.parquet', hive_partitioning = true)"
).fetchone()[0]
current = con.execute("select sum(rows) from read_parquet('national/expenditure-current.parquet')").fetchone()[0]
check(bare > current, f"a bare glob reads {bare} rows, the manifest's current versions {current}")
summed = sum(n for n, _ in totals.values())
check(current == summed, f"the manifest's rows ({current}) are the counties' current payments ({summed})")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
