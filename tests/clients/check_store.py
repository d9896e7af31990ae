"""Real clients against a published store: frictionless validates every
datapackage.json, DuckDB reads every data.parquet and agrees with the ledger's row
counts, and spatial Parquet carries GeoParquet metadata and a bbox covering column.

Usage: check_store.py DATA_DIR   (prints 'N passed, M failed'; exits 1 on failure)
"""

import json
import pathlib
import sys

import duckdb
from frictionless import Package, validate

data = pathlib.Path(sys.argv[1])
ledger = [json.loads(line) for line in (data / "ledger.jsonl").read_text().splitlines()]
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}", file=sys.stderr)


con = duckdb.connect()
for entry in ledger:
    folder = data / entry["dataset"] / f"v{entry['version']}"
    report = validate(str(folder / "datapackage.json"))
    check(report.valid, f"frictionless validate {folder}/datapackage.json: {report.flatten(['rowNumber', 'fieldName', 'type', 'message'])[:3]}")
    parquet = folder / "data.parquet"
    rows = con.execute("select count(*) from read_parquet(?)", [str(parquet)]).fetchone()[0]
    check(rows == entry["rows"], f"DuckDB reads {rows} rows from {parquet}, the ledger says {entry['rows']}")
    if (folder / "data.geojson").exists():
        meta = dict(con.execute("select decode(key), decode(value) from parquet_kv_metadata(?)", [str(parquet)]).fetchall())
        geo = json.loads(meta.get("geo", "{}"))
        check(geo.get("version") == "1.1.0" and geo["columns"]["geometry"]["encoding"] == "WKB", f"GeoParquet metadata in {parquet}: {geo}")
        # The bbox covering column (last, no schema field): a box for every row with a
        # geometry, null for every row without.
        covering = geo["columns"]["geometry"].get("covering", {}).get("bbox", {})
        check(covering.get("xmin") == ["bbox", "xmin"], f"GeoParquet covering in {parquet}: {covering}")
        mismatched = con.execute(
            "select count(*) from read_parquet(?) where (bbox is null) <> (geometry is null) or bbox.xmin > bbox.xmax or bbox.ymin > bbox.ymax",
            [str(parquet)],
        ).fetchone()[0]
        check(mismatched == 0, f"DuckDB finds {mismatched} rows of {parquet} whose bbox does not match their geometry")

# A slice a journalist would take: one month's payments by department.
total = con.execute(
    "select count(*), round(sum(amount), 2) from read_parquet(?)",
    [str(data / "expenditure-2025-09" / "v1" / "data.parquet")],
).fetchone()
check(total[0] > 0 and total[1] > 0, f"DuckDB aggregates expenditure-2025-09: {total}")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
