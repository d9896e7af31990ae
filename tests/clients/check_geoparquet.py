"""geoparquet-validator (PyPI) on the published store: every spatial data.parquet (a
version with a data.geojson beside it) must pass every class the validator checks:
Core, Bounding Box Covering and Cloud-Optimized Distribution. The latest version of each
spatial dataset is always checked; so is every earlier one. Each file must also read in
GeoPandas (as GeoParquet: its rows as the ledger records them, in OGC:CRS84) and
in polars (every row, the bbox struct column included).

Usage: check_geoparquet.py DATA_DIR   (prints one line a file and 'N passed, M failed';
exits 1 on any failed check or a file the validator could not read)
"""

import json
import pathlib
import sys

import geopandas
import geoparquet_validator as gpv
import polars

data = pathlib.Path(sys.argv[1])
ledger = [json.loads(line) for line in (data / "ledger.jsonl").read_text().splitlines()]
passed = failed = 0
latest = {}
for entry in ledger:
    folder = data / entry["dataset"] / f"v{entry['version']}"
    if (folder / "data.geojson").exists():
        latest[entry["dataset"]] = entry["version"]
        parquet = folder / "data.parquet"
        try:
            report = gpv.check(str(parquet))
        except Exception as e:  # the tool could not run on the file
            failed += 1
            print(f"FAIL {parquet}: geoparquet-validator could not read it: {e}", file=sys.stderr)
            continue
        outcomes = report["outcomes"]
        bad = gpv.failed(report)
        counts = {
            c: sum(o["status"] == "pass" and o["id"].startswith(f"/conf/{c}/") for o in outcomes)
            for c in ("core", "covering", "distribution")
        }
        summary = ", ".join(f"{c} {n} pass" for c, n in counts.items())
        if bad:
            failed += 1
            details = "; ".join(f"{o['id']}: {o['message']}" for o in outcomes if o["status"] == "fail")
            print(f"FAIL {parquet} ({summary}): {details}", file=sys.stderr)
        elif counts["covering"] == 0:
            # Skipped as "not claimed": the file declares no bbox covering.
            failed += 1
            print(f"FAIL {parquet}: no bbox covering declared ({summary})", file=sys.stderr)
        else:
            readers = []
            frame = geopandas.read_parquet(parquet)
            # GeoParquet's default CRS: longitude, latitude on WGS 84.
            if len(frame) != entry["rows"] or frame.crs is None or frame.crs.to_string() != "OGC:CRS84":
                readers.append(f"GeoPandas read {len(frame)} rows in {frame.crs}, the ledger has {entry['rows']} in OGC:CRS84")
            table = polars.read_parquet(parquet)
            if table.height != entry["rows"] or "bbox" not in table.columns:
                readers.append(f"polars read {table.height} rows, columns {table.columns}")
            if readers:
                failed += 1
                print(f"FAIL {parquet}: " + "; ".join(readers), file=sys.stderr)
            else:
                passed += 1
                print(f"ok   {parquet} ({summary}; GeoPandas and polars read {len(frame)} rows)")

if not latest:
    failed += 1
    print("FAIL no spatial version in the store", file=sys.stderr)
print(f"check_geoparquet: {len(latest)} spatial datasets; {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
