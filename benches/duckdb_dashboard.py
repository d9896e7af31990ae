"""The budget dashboard's aggregation in DuckDB, for benches/dashboard.rs.

    python duckdb_dashboard.py REPS FILE.parquet...

Groups the payments of the given monthly Parquet files by the dashboard's keys (sum and
count), REPS times, each on a fresh connection (cold: nothing cached but the OS's file
cache, as for ours), and prints one JSON line: {"seconds": [...], "groups": N}.
"""
import json
import sys
import time

import duckdb

KEYS = "org_unit_code, org_unit, programme_code, programme, sub_programme_code, economic_item, economic_item_name, function, ward"


def main():
    reps = int(sys.argv[1])
    files = sys.argv[2:]
    seconds = []
    groups = 0
    for _ in range(reps):
        con = duckdb.connect()
        con.execute("SET threads TO 2")
        started = time.perf_counter()
        # One group-by per month, as ours aggregates each version on its own.
        for f in files:
            rows = con.execute(f"SELECT {KEYS}, sum(amount), count(*) FROM read_parquet(?) GROUP BY ALL", [f]).fetchall()
            groups += len(rows)
        seconds.append(time.perf_counter() - started)
        con.close()
    print(json.dumps({"seconds": seconds, "groups": groups // reps}))


if __name__ == "__main__":
    main()
