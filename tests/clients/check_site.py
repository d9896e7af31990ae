"""Real clients against the running demo site: ckanapi (package_search, package_show),
frictionless on a downloaded datapackage.json, DuckDB on a downloaded Parquet file and
on a filtered slice of rows.

Usage: check_site.py BASE_URL CKANAPI   (prints 'N passed, M failed'; exits 1 on failure)
"""

import json
import pathlib
import subprocess
import sys
import tempfile
import urllib.request

import duckdb
from frictionless import validate

base, ckanapi = sys.argv[1].rstrip("/"), sys.argv[2]
work = pathlib.Path(tempfile.mkdtemp(prefix="check-site-"))
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {what}", file=sys.stderr)


def fetch(path, name):
    target = work / name
    with urllib.request.urlopen(base + path) as response, open(target, "wb") as out:
        out.write(response.read())
    return target


def action(name, *params):
    done = subprocess.run([ckanapi, "action", name, "-r", base, *params], capture_output=True, text=True)
    check(done.returncode == 0, f"ckanapi action {name} {' '.join(params)}: {done.stderr.strip()[-400:]}")
    return json.loads(done.stdout) if done.returncode == 0 else None


# ckanapi, unchanged, against the CKAN-compatible API.
found = action("package_search", "q=payments", "fq=kind:expenditure", "rows=5", "facet.field=[\"organization\"]")
if found:
    check(found["count"] >= 12 and len(found["results"]) == 5, f"package_search found {found['count']} and returned {len(found['results'])}")
    check(all(r["name"].startswith("expenditure-") for r in found["results"]), "package_search results are payments")
shown = action("package_show", "id=projects")
if shown:
    check(shown["name"] == "projects" and any(r["format"] == "PARQUET" for r in shown["resources"]), "package_show lists the Parquet resource")
    with urllib.request.urlopen(next(r["url"] for r in shown["resources"] if r["format"] == "CSV")) as response:
        import hashlib
        digest = hashlib.sha256(response.read()).hexdigest()
    check(f"sha256:{digest}" == next(r["hash"] for r in shown["resources"] if r["format"] == "CSV"), "a resource's bytes match its hash")

# frictionless on the datapackage.json as downloaded, with its data beside it.
versions = json.load(urllib.request.urlopen(base + "/api/datasets/expenditure-2025-09"))["versions"]
latest = versions[-1]
folder = work / "package"
folder.mkdir()
for f in latest["files"]:
    target = folder / f["path"]
    with urllib.request.urlopen(base + f["url"]) as response:
        target.write_bytes(response.read())
report = validate(str(folder / "datapackage.json"))
check(report.valid, f"frictionless validate the downloaded datapackage.json: {report.flatten(['rowNumber', 'fieldName', 'message'])[:3]}")

# DuckDB on a downloaded Parquet file, and on a filtered slice.
con = duckdb.connect()
whole = folder / "data.parquet"
rows = con.execute("select count(*) from read_parquet(?)", [str(whole)]).fetchone()[0]
check(rows == latest["rows"], f"DuckDB reads {rows} rows, the ledger says {latest['rows']}")
expected = con.execute("select count(*) from read_parquet(?) where amount >= 50000", [str(whole)]).fetchone()[0]
version_url = f"/datasets/expenditure-2025-09/v/{latest['version']}"
piece = fetch(f"{version_url}/rows.parquet?amount=%3E%3D50000&_sort=-amount", "slice.parquet")
got, top = con.execute("select count(*), max(amount) from read_parquet(?)", [str(piece)]).fetchone()
check(got == expected, f"DuckDB reads {got} rows from the slice, {expected} in the whole file match")
first = con.execute("select amount from read_parquet(?) limit 1", [str(piece)]).fetchone()[0]
check(first == top, "the slice keeps the requested order")
csv_piece = fetch(f"{version_url}/rows.csv?amount=%3E%3D50000", "slice.csv")
got = con.execute("select count(*) from read_csv(?)", [str(csv_piece)]).fetchone()[0]
check(got == expected, f"DuckDB reads {got} rows from the CSV slice, expected {expected}")

print(f"check_site: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
