"""Runs the national queries of docs/NATIONAL.md on an Apache Spark standalone cluster and on
DuckDB over a harvested national store, and checks that both engines return the same
rows, to the cent.

    python check_national_spark.py ROOT [COUNTIES_DIR]

ROOT is the folder that holds `national/`; COUNTIES_DIR (default ROOT/counties) holds
each county's data directory, named by its code. The cluster is Spark's own standalone
deployment from the PyPI `pyspark` package (on a Java 17 runtime): one master and two
workers, each with one core, all on 127.0.0.1, started here and stopped on exit, however
the script ends. The queries are read from the ```sql blocks of docs/NATIONAL.md: `totals`
and `shared_payees` for DuckDB, `spark_totals` and `spark_shared_payees` for Spark, so
the documented queries are the tested ones. check_national.py checks DuckDB's answers
against the counties' own data; equal answers here carry that check over to Spark. Spark's
national totals, over the payments and over the harvested aggregates, must also equal,
to the cent, the sums of the counties' own aggregates (each current expenditure version's
aggregates.parquet, read from the county's data directory through its own ledger).
"""

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import duckdb
import pyspark
from pyspark.sql import SparkSession

DOC = Path(__file__).resolve().parents[2] / "docs" / "NATIONAL.md"
KEYS = {"totals": 3, "shared_payees": 1, "aggregates_totals": 3}
"""How many leading columns identify a row of each query's answer."""


def queries():
    """The named ```sql blocks of docs/NATIONAL.md."""
    text = DOC.read_text(encoding="utf-8")
    return {m[1]: m[2] for m in re.finditer(r"```sql (\w+)\n(.*?)```", text, re.S)}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, ready, seconds=120):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with contextlib.suppress(Exception):
            if ready():
                return
        time.sleep(0.5)
    raise SystemExit(f"spark: {what} not ready after {seconds} s")


@contextlib.contextmanager
def standalone_cluster(workers=2):
    """A Spark master and `workers` one-core workers on 127.0.0.1; yields the master URL."""
    home = os.path.dirname(pyspark.__file__)
    work = tempfile.mkdtemp(prefix="spark-")
    env = dict(
        os.environ,
        SPARK_HOME=home,
        SPARK_LOCAL_IP="127.0.0.1",
        SPARK_LOG_DIR=work,
        PYSPARK_PYTHON=sys.executable,
    )
    spark_class = os.path.join(home, "bin", "spark-class")
    port, ui = free_port(), free_port()
    procs = []
    log = open(os.path.join(work, "cluster.log"), "w")

    def start(*args):
        procs.append(
            subprocess.Popen([spark_class, *args], env=env, stdout=log, stderr=subprocess.STDOUT)
        )

    try:
        start("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
              "--port", str(port), "--webui-port", str(ui))
        url = f"spark://127.0.0.1:{port}"
        for i in range(workers):
            start("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                  "--cores", "1", "--memory", "1g", "--webui-port", str(free_port()),
                  "--work-dir", os.path.join(work, f"worker-{i}"), url)

        def alive():
            with urllib.request.urlopen(f"http://127.0.0.1:{ui}/json/", timeout=2) as r:
                state = json.load(r)
            return sum(w["state"] == "ALIVE" for w in state["workers"]) == workers

        wait_for(f"master {url} with {workers} workers", alive)
        print(f"spark: standalone master {url}, {workers} workers alive")
        yield url
    except BaseException:
        log.flush()
        sys.stderr.write(Path(work, "cluster.log").read_text(errors="replace")[-4000:])
        raise
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def normalise(rows, keys):
    """Rows as {key columns: other columns}, amounts as Decimals (exact to the cent)."""
    out = {}
    for row in rows:
        row = [Decimal(str(v)) if isinstance(v, (Decimal, float)) else v for v in row]
        key = tuple(row[:keys])
        if key in out:
            raise SystemExit(f"two rows for {key}")
        out[key] = tuple(row[keys:])
    return out


def session(url, app):
    """A SparkSession on the standalone cluster at `url`, once both workers' executors are up."""
    spark = (
        SparkSession.builder.master(url)
        .appName(app)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executor.memory", "768m")
        .config("spark.cores.max", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # Partition values are codes: `county=016` stays "016", not the number 16.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        .getOrCreate()
    )
    sc = spark.sparkContext
    try:
        # The driver counts as one; wait for both workers' executors.
        wait_for("two executors", lambda: sc._jsc.sc().getExecutorMemoryStatus().size() >= 3)
    except BaseException:
        spark.stop()
        raise
    return spark


def register_views(spark, national):
    """The views the documented Spark queries read, as docs/NATIONAL.md creates them."""
    base = national / "expenditure"
    spark.read.option("basePath", str(base)).parquet(
        str(base / "county=*" / "period=*" / "v=*" / "data.parquet")
    ).createOrReplaceTempView("expenditure")
    spark.read.parquet(str(national / "expenditure-current.parquet")).createOrReplaceTempView(
        "expenditure_current"
    )
    # The counties' own aggregates, where the harvested versions carry them (a store
    # generated without them, as the engines bench's, has none: no view then).
    if next(base.glob("county=*/period=*/v=*/aggregates.parquet"), None) is not None:
        spark.read.option("basePath", str(base)).parquet(
            str(base / "county=*" / "period=*" / "v=*" / "aggregates.parquet")
        ).createOrReplaceTempView("expenditure_aggregates")


def counties_aggregates(counties):
    """Payments and total per (county, fiscal year, economic item), summed from each
    county's own aggregates of the latest version of every expenditure month."""
    sums = {}
    for folder in sorted(p for p in counties.iterdir() if p.is_dir()):
        latest = {}
        for line in (folder / "ledger.jsonl").read_text().splitlines():
            entry = json.loads(line)
            if entry["kind"] == "expenditure":
                latest[entry["dataset"]] = entry["version"]
        for dataset, version in latest.items():
            path = folder / dataset / f"v{version}" / "aggregates.parquet"
            rows = duckdb.sql(
                f"select fiscal_year, item, sum(count), sum(cents) from read_parquet('{path}') "
                "where measure = 'spent' group by all"
            ).fetchall()
            for fy, item, n, cents in rows:
                key = (folder.name, fy, item)
                was = sums.get(key, (0, 0))
                sums[key] = (was[0] + n, was[1] + cents)
    return {k: (n, Decimal(cents) / 100) for k, (n, cents) in sums.items()}


def main():
    root = Path(sys.argv[1]).resolve()
    counties = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else root / "counties"
    own = counties_aggregates(counties)
    # The driver too stays on the loopback interface.
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    national = root / "national"
    q = queries()
    os.chdir(root)
    duck = {name: normalise(duckdb.sql(q[name]).fetchall(), k) for name, k in KEYS.items()}

    with standalone_cluster() as url:
        spark = session(url, "disclose-national-check")
        try:
            register_views(spark, national)
            started = time.monotonic()
            ours = {
                name: normalise(spark.sql(q["spark_" + name]).collect(), k)
                for name, k in KEYS.items()
            }
            took = time.monotonic() - started
        finally:
            spark.stop()

    failures = 0
    for name in KEYS:
        d, s = duck[name], ours[name]
        if not d:
            print(f"{name}: DuckDB returned no rows; nothing to compare")
            failures += 1
        for key in sorted(set(d) | set(s), key=repr):
            if d.get(key) != s.get(key):
                failures += 1
                if failures <= 10:
                    print(f"{name} {key}: DuckDB {d.get(key)}, Spark {s.get(key)}")
        print(f"{name}: {len(d)} rows from DuckDB, {len(s)} from Spark")
    if failures:
        raise SystemExit(f"Spark and DuckDB disagree on {failures} rows")
    # The issue's test: Spark's national totals equal the sums of the counties' own
    # aggregates, to the cent.
    for name in ("totals", "aggregates_totals"):
        s = ours[name]
        wrong = [k for k in sorted(set(s) | set(own), key=repr) if s.get(k) != own.get(k)]
        for k in wrong[:10]:
            print(f"{name} {k}: Spark {s.get(k)}, the counties' aggregates {own.get(k)}")
        if not own or wrong:
            raise SystemExit(
                f"Spark's {name} and the sums of the counties' aggregates disagree on "
                f"{len(wrong)} of {len(own)} rows"
            )
        print(f"{name}: Spark's {len(s)} rows equal the sums of the counties' own aggregates")
    print(f"Spark standalone cluster (2 workers) and DuckDB agree to the cent ({took:.1f} s on Spark)")


if __name__ == "__main__":
    main()
