#!/usr/bin/env python3
"""Serve a dataset catalogue with Datasette, as the comparison point for the
site's own catalogue search.

usage: datasette_catalogue.py CATALOGUE_CSV PORT [EXTRA DATASETTE ARGS...]

Builds catalogue.db in a fresh temporary directory with one table, `datasets`,
loaded from CATALOGUE_CSV (every column TEXT except `rows`, INTEGER), and a
full-text index over whichever of title, description, fields, office, tags,
content the CSV has, made exactly as `sqlite-utils enable-fts` makes it (an FTS5
table `datasets_fts` with content="datasets", which Datasette recognises), then
replaces itself (exec) with

    datasette serve --immutable catalogue.db --host 127.0.0.1 --port PORT
        --setting sql_time_limit_ms 5000 --setting suggest_facets off ...

so the caller's child process *is* Datasette and can be stopped by its pid.
Search: http://127.0.0.1:PORT/catalogue/datasets?_search=road (HTML) and
http://127.0.0.1:PORT/catalogue/datasets.json?_search=road (JSON).

Settings: --immutable (read-only, no file-change checks, as a published
catalogue is), a 5 s SQL time limit so no benchmark query is cut off,
suggest_facets off (facet suggestion runs extra queries on every table page
that a search box does not need; turning it off only helps Datasette), and
the default number of SQL threads. FTS_TOKENIZE=porter in the environment
makes the index stem words (sqlite-utils enable-fts --tokenize porter);
without it, whole words match as in `sqlite-utils enable-fts`. The temporary directory is left behind
(its path is printed on stderr); it holds only the small catalogue.db.

Needs, in the same Python environment: pip install datasette sqlite-utils
"""

import csv
import os
import shutil
import sys
import tempfile

import sqlite_utils

FTS_COLUMNS = ["title", "description", "fields", "office", "tags", "content"]


def build(csv_path, db_path):
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        if not header:
            sys.exit(f"datasette_catalogue: {csv_path} has no header row")
        records = []
        for rec in reader:
            if "rows" in rec:
                v = (rec["rows"] or "").strip()
                rec["rows"] = int(v) if v else None
            records.append(rec)
    columns = {c: (int if c == "rows" else str) for c in header}
    db = sqlite_utils.Database(db_path)
    db["datasets"].create(columns, pk="id" if "id" in header else None)
    db["datasets"].insert_all(records, batch_size=1000)
    fts = [c for c in FTS_COLUMNS if c in header]
    if not fts:
        sys.exit(f"datasette_catalogue: {csv_path} has none of the columns {FTS_COLUMNS}")
    # FTS_TOKENIZE=porter gives stemming (roads ~ road); default is FTS5's unicode61, as sqlite-utils's
    db["datasets"].enable_fts(
        fts, fts_version="FTS5", create_triggers=False, tokenize=os.environ.get("FTS_TOKENIZE") or None
    )
    db["datasets_fts"].optimize()
    db.vacuum()
    db.close()
    return len(records), fts


def main(argv):
    if len(argv) < 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    csv_path, port, extra = argv[1], argv[2], argv[3:]
    int(port)
    datasette = shutil.which("datasette", path=os.path.dirname(sys.executable)) or shutil.which("datasette")
    if not datasette:
        sys.exit("datasette_catalogue: datasette not found (pip install datasette sqlite-utils)")
    tmp = tempfile.mkdtemp(prefix="datasette-catalogue-")
    db_path = os.path.join(tmp, "catalogue.db")
    n, fts = build(csv_path, db_path)
    print(
        f"datasette_catalogue: {n} rows into {db_path}, FTS5 over {', '.join(fts)}; "
        f"serving http://127.0.0.1:{port}/catalogue/datasets?_search=...",
        file=sys.stderr,
        flush=True,
    )
    cmd = [
        datasette, "serve",
        "--immutable", db_path,
        "--host", "127.0.0.1",
        "--port", str(port),
        "--setting", "sql_time_limit_ms", "5000",
        "--setting", "suggest_facets", "off",
        *extra,
    ]
    os.execv(datasette, cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
