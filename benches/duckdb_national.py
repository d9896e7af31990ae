"""The national dashboards' money figures in DuckDB over the raw data, for benches/national.rs.

    python duckdb_national.py REPS ROOT FISCAL_YEAR MONTH...

ROOT holds `national/`. Per county, for FISCAL_YEAR (`2025-26`) and its MONTHs
(`2025-07` …): the payments and their total (each expenditure month's current version,
found by the semi-join with the manifest), the budget by stage, and revenue target and
collected, every amount cast to DECIMAL(18, 2) before summing. REPS times, each on a fresh
connection (cold: nothing cached but the OS's file cache). Prints one JSON line:
{"seconds": [...], "spent": {county: cents}, "payments": {county: n}}.
"""
import json
import os
import sys
import time

import duckdb

HIVE = "hive_partitioning = true, hive_types = {'county': VARCHAR, 'period': VARCHAR, 'v': INTEGER}"


def current(kind):
    return f"""read_parquet('national/{kind}/*/*/*/data.parquet', {HIVE}) AS d
        SEMI JOIN read_parquet('national/{kind}-current.parquet') AS m
            ON d.county = m.county AND d.period = m.period AND d.v = m.version"""


def main():
    reps, root, year, months = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    os.chdir(root)
    in_months = ", ".join(f"'{m}'" for m in months)
    query = f"""
        WITH spent AS (
            SELECT d.county, count(*) AS payments, sum(d.amount::DECIMAL(18, 2)) AS spent
            FROM {current('expenditure')}
            WHERE d.period IN ({in_months})
            GROUP BY d.county),
        budget AS (
            SELECT d.county, d.stage, sum(d.amount::DECIMAL(18, 2)) AS budget
            FROM {current('budget')}
            WHERE d.period = '{year}' AND d.fiscal_year = '{year}'
            GROUP BY ALL),
        revenue AS (
            SELECT d.county, sum(d.target::DECIMAL(18, 2)) AS target,
                   sum(d.collected::DECIMAL(18, 2)) AS collected
            FROM {current('revenue')}
            WHERE d.period IN ({in_months}) AND d.fiscal_year = '{year}'
            GROUP BY d.county)
        SELECT s.county, s.payments, s.spent,
               (SELECT list(struct_pack(stage := b.stage, budget := b.budget)) FROM budget b WHERE b.county = s.county),
               r.target, r.collected
        FROM spent s LEFT JOIN revenue r USING (county)
        ORDER BY s.county"""
    seconds, rows = [], []
    for _ in range(reps):
        con = duckdb.connect()
        con.execute("SET threads TO 2")
        started = time.perf_counter()
        rows = con.execute(query).fetchall()
        seconds.append(time.perf_counter() - started)
        con.close()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "spent": {r[0]: int(r[2] * 100) for r in rows},
                "payments": {r[0]: r[1] for r in rows},
            }
        )
    )


if __name__ == "__main__":
    main()
