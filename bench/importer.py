"""Benchmark of the UN list importer and of approving what it imported (``make bench-import``;
not part of the test suite).

Measures, each in its own process on a throwaway database, on every database named (SQLite, and
PostgreSQL when a URL is given, in the same run):

* merely parsing the file with lxml (streaming ``iterparse``, clearing entries): the baseline;
* the first import into an empty database (the real 2023 list, then a generated list of 100,000
  entries in the same format, made by repeating the real entries under new DATAIDs and reference
  numbers);
* a re-import of the same, unchanged list;
* on a fresh database, the generated list imported and submitted for review as one change
  request (``--approve N`` entries; 0 skips it), then that request approved by another reviewer:
  seconds, CPU seconds and the number of queries of the approval.

Targets (issue #14, item 5), each printed with PASS or FAIL, on wall-clock time and, in
brackets, on CPU time (the less disturbed measure on a shared machine): the real list at most
20x a bare parse of the same file; an unchanged re-import under a third of the first import;
100,000 entries under 30 s with a peak under 500 MB; 100,000 designations approved in under
60 s (a smaller ``--approve`` is held to the same rate) with queries that do not grow with the
batch.

    python bench/importer.py [--entries 100000] [--approve 100000]
                             [--database-url URL ...] [--no-sqlite] [--keep]

SQLite is a fresh file in a temporary folder; each ``--database-url`` (or BENCH_DATABASE_URL)
names a PostgreSQL database whose name starts with "bench" (dropped and created again for each
step, dropped at the end). Generated files live in the temporary folder, removed at the end
unless ``--keep``.
"""

import argparse
import copy
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
REAL = (
    Path(os.environ.get("ATLAS_SHARED_DATA", ROOT.parent / "shared" / "data"))
    / "un-consolidated-2023-03-27.xml"
)
TARGETS = {
    "real_x_parse": 20.0,
    "large_seconds": 30.0,
    "large_peak_mb": 500.0,
    "reimport_share": 1 / 3,
    "approve_seconds_per_100k": 60.0,
    "approve_queries": 200,
}


# --- child processes: one measurement each ---------------------------------------------------------


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM (Linux) starts afresh at exec, unlike
    ru_maxrss, which keeps the high-water mark of the parent the process was forked from."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_parse(path: str) -> dict:
    from lxml import etree

    start, cpu = time.perf_counter(), time.process_time()
    entries = 0
    with open(path, "rb") as stream:
        for _event, element in etree.iterparse(
            stream,
            events=("end",),
            tag=("INDIVIDUAL", "ENTITY"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        ):
            entries += 1
            element.clear(keep_tail=True)
            parent = element.getparent()
            while element.getprevious() is not None:
                del parent[0]
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "entries": entries,
        "peak_mb": _peak_mb(),
    }


def child_import(path: str, allow_mass_delisting: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from designations.importing import import_un_list

    start, cpu = time.perf_counter(), time.process_time()
    outcome = import_un_list(path, allow_mass_delisting=allow_mass_delisting)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    counts = outcome.counts
    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": _peak_mb(),
        "entries": counts.entries,
        "added": counts.added,
        "amended": counts.amended,
        "unchanged": counts.unchanged,
        "versions": outcome.versions,
    }


def child_approve(path: str) -> dict:
    """Import ``path`` and submit it as one change request, then approve it as another user."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from designations.importing import import_un_list
    from editorial import services
    from tests.workflow import factory_researcher, factory_reviewer

    researcher, reviewer = factory_researcher(), factory_reviewer()
    start, cpu = time.perf_counter(), time.process_time()
    outcome = import_un_list(path, user=researcher, submit=True, allow_mass_delisting=True)
    import_seconds, import_cpu = time.perf_counter() - start, time.process_time() - cpu
    queries, trigram_inserts = [], []

    def count(execute, sql, params, many, context):
        # SQLite's name-trigram table (designations.search) takes one statement per ~16,000 new
        # trigrams: counted apart, the rest must not grow with the batch.
        (trigram_inserts if "searchtrigram" in sql[:80].lower() else queries).append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start, cpu = time.perf_counter(), time.process_time()
        approval = services.approve(outcome.change_request, by=reviewer)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "import_seconds": import_seconds,
        "import_cpu": import_cpu,
        "seconds": seconds,
        "cpu": cpu,
        "queries": len(queries),
        "trigram_inserts": len(trigram_inserts),
        "published": len(approval.published),
        "peak_mb": _peak_mb(),
    }


# --- the driver ------------------------------------------------------------------------------------


def generate(source: Path, target: Path, entries: int) -> None:
    """A list in the UN's format with ``entries`` entries: the real ones, repeated under new ids."""
    from lxml import etree

    tree = etree.parse(str(source))
    root = tree.getroot()
    templates = list(root.iter("INDIVIDUAL", "ENTITY"))
    with target.open("wb") as out:
        out.write(b'<?xml version="1.0" encoding="UTF-8"?>')
        out.write(f'<CONSOLIDATED_LIST dateGenerated="{root.get("dateGenerated")}">'.encode())
        for container, kind in (("INDIVIDUALS", "INDIVIDUAL"), ("ENTITIES", "ENTITY")):
            out.write(f"<{container}>".encode())
            for number in range(entries):
                template = templates[number % len(templates)]
                if template.tag != kind:
                    continue
                clone = copy.deepcopy(template)
                clone.find("DATAID").text = str(90_000_000 + number)
                reference = clone.find("REFERENCE_NUMBER")
                prefix = reference.text.strip().split(".")[0]
                reference.text = f"{prefix}.{100_000 + number}"
                out.write(etree.tostring(clone, encoding="utf-8", with_tail=False))
            out.write(f"</{container}>".encode())
        out.write(b"</CONSOLIDATED_LIST>")


def run_child(args: list[str], env: dict) -> dict:
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"benchmark step failed: {' '.join(args)}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fresh_database(url: str | None, folder: Path, name: str) -> str:
    if url is None:
        return f"sqlite:///{folder / (name + '.sqlite3')}"
    parts = urlsplit(url)
    database = parts.path.lstrip("/")
    if not database.startswith("bench"):
        raise SystemExit(
            "--database-url must name a throwaway database whose name starts with 'bench'"
        )
    import psycopg

    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
        connection.execute(f'CREATE DATABASE "{database}"')
    return url


def drop_database(url: str | None) -> None:
    if url is None:
        return
    import psycopg

    parts = urlsplit(url)
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}"')


def _database_name(database_url: str | None) -> str:
    return "SQLite" if database_url is None else "PostgreSQL"


def _migrated(env: dict, database_url: str | None, folder: Path, label: str) -> dict:
    name = "".join(c if c.isalnum() else "-" for c in label)
    env = {**env, "DATABASE_URL": fresh_database(database_url, folder, name)}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True)
    return env


def measure(label: str, path: Path, env: dict, database_url: str | None, folder: Path) -> dict:
    database = _database_name(database_url)
    env = _migrated(env, database_url, folder, f"{label} {database}")
    parse = run_child(["parse", str(path)], env)
    first = run_child(["import", str(path)], env)
    again = run_child(["import", str(path)], env)
    print(
        f"  {database}, {label}: import {first['seconds']:.2f} s (cpu {first['cpu']:.2f}), "
        f"re-import {again['seconds']:.2f} s, parse {parse['seconds']:.3f} s",
        flush=True,
    )
    return {"label": label, "database": database, "parse": parse, "first": first, "again": again}


def measure_approval(path: Path, env: dict, database_url: str | None, folder: Path) -> dict:
    database = _database_name(database_url)
    env = _migrated(env, database_url, folder, f"approve {database}")
    result = run_child(["approve", str(path)], env)
    print(
        f"  {database}, approval of {result['published']:,}: {result['seconds']:.2f} s "
        f"(cpu {result['cpu']:.2f}), {result['queries']} queries",
        flush=True,
    )
    return {"database": database, **result}


def _mark(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def report(results: list[dict], approvals: list[dict]) -> bool:
    """The tables, then each target: met on wall-clock time (and, in brackets, on CPU time)."""
    print()
    print(
        f"{'database':<11}{'list':<16}{'entries':>9}{'parse s':>9}{'import s':>10}{'(cpu)':>8}"
        f"{'x parse':>9}{'(cpu)':>7}{'re-import s':>13}{'(cpu)':>8}{'x first':>9}{'peak MB':>9}"
    )
    for r in results:
        parse, first, again = r["parse"], r["first"], r["again"]
        print(
            f"{r['database']:<11}{r['label']:<16}{first['entries']:>9,}{parse['seconds']:>9.3f}"
            f"{first['seconds']:>10.2f}{first['cpu']:>8.2f}"
            f"{first['seconds'] / parse['seconds']:>9.1f}{first['cpu'] / parse['cpu']:>7.1f}"
            f"{again['seconds']:>13.2f}{again['cpu']:>8.2f}"
            f"{again['seconds'] / first['seconds']:>9.2f}"
            f"{max(first['peak_mb'], again['peak_mb']):>9.0f}"
        )
    if approvals:
        print()
        print(
            f"{'database':<11}{'approved':>9}{'import+submit s':>17}{'(cpu)':>8}"
            f"{'approve s':>11}{'(cpu)':>8}{'queries':>9}{'+trigram':>9}{'peak MB':>9}"
        )
        for a in approvals:
            print(
                f"{a['database']:<11}{a['published']:>9,}{a['import_seconds']:>17.2f}"
                f"{a['import_cpu']:>8.2f}{a['seconds']:>11.2f}{a['cpu']:>8.2f}"
                f"{a['queries']:>9}{a['trigram_inserts']:>9}{a['peak_mb']:>9.0f}"
            )
    print()
    ok = True
    checks = []
    for r in results:
        parse, first, again = r["parse"], r["first"], r["again"]
        name = f"{r['database']}, {r['label']}"
        peak = max(first["peak_mb"], again["peak_mb"])
        checks.append(
            (
                f"{name}: unchanged re-import under 1/3 of the first import",
                again["seconds"] / first["seconds"],
                again["cpu"] / first["cpu"],
                TARGETS["reimport_share"],
                ".2f",
            )
        )
        if r["label"].startswith("real"):
            checks.append(
                (
                    f"{name}: import at most 20x a bare parse",
                    first["seconds"] / parse["seconds"],
                    first["cpu"] / parse["cpu"],
                    TARGETS["real_x_parse"],
                    ".1f",
                )
            )
        else:
            checks.append(
                (
                    f"{name}: import under 30 s",
                    first["seconds"],
                    first["cpu"],
                    TARGETS["large_seconds"] * first["entries"] / 100_000,
                    ".1f",
                )
            )
            checks.append(
                (f"{name}: peak memory under 500 MB", peak, peak, TARGETS["large_peak_mb"], ".0f")
            )
    for a in approvals:
        name = f"{a['database']}, approval of {a['published']:,}"
        checks.append(
            (
                f"{name}: under 60 s per 100,000",
                a["seconds"],
                a["cpu"],
                TARGETS["approve_seconds_per_100k"] * max(a["published"], 1) / 100_000,
                ".1f",
            )
        )
        checks.append(
            (
                f"{name}: at most {TARGETS['approve_queries']} queries (trigram inserts apart)",
                a["queries"],
                a["queries"],
                TARGETS["approve_queries"],
                "d",
            )
        )
    for text, wall, cpu, limit, form in checks:
        passed = wall <= limit
        ok &= passed
        print(
            f"  {_mark(passed)}  {text}: {wall:{form}} (cpu {cpu:{form}}"
            f"{'' if cpu <= limit else ', over'}) vs {limit:{form}}"
        )
    busy = os.getloadavg()[0]
    if busy > (os.cpu_count() or 1):
        print(
            f"  Note: load average {busy:.1f} on {os.cpu_count()} CPUs: other processes competed; "
            "the CPU times in brackets are the less disturbed measure."
        )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument(
        "--approve",
        type=int,
        default=None,
        help="entries of the generated list to import and approve (default: --entries; 0: skip)",
    )
    parser.add_argument(
        "--database-url",
        action="append",
        default=[],
        help="a PostgreSQL database whose name starts with 'bench' (repeatable; default: "
        "BENCH_DATABASE_URL if set)",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="skip SQLite")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    if args.child:
        step, path = args.child[0], args.child[1]
        if step == "parse":
            result = child_parse(path)
        elif step == "approve":
            result = child_approve(path)
        else:
            result = child_import(path, True)
        print(json.dumps(result))
        return

    if not REAL.is_file():
        raise SystemExit(f"The real list is not at {REAL}: set ATLAS_SHARED_DATA.")
    urls = args.database_url or (
        [os.environ["BENCH_DATABASE_URL"]] if os.environ.get("BENCH_DATABASE_URL") else []
    )
    databases = ([] if args.no_sqlite else [None]) + urls
    if not databases:
        raise SystemExit("Nothing to measure: --no-sqlite and no --database-url.")
    approve = args.entries if args.approve is None else args.approve
    folder = Path(tempfile.mkdtemp(prefix="atlas-bench-import-"))
    env = {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY", secrets.token_urlsafe(50)),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "ATLAS_IMPORT_ARCHIVE_DIR": str(folder / "archive"),
        "PYTHONPATH": str(ROOT),
    }
    try:
        generated = folder / f"un-consolidated-{args.entries}.xml"
        started = time.perf_counter()
        generate(REAL, generated, args.entries)
        print(
            f"Generated {args.entries:,} entries ({generated.stat().st_size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - started:.1f} s; databases: "
            + ", ".join(_database_name(url) + (f" {url}" if url else "") for url in databases),
            flush=True,
        )
        to_approve = generated
        if approve and approve != args.entries:
            to_approve = folder / f"un-consolidated-{approve}.xml"
            generate(REAL, to_approve, approve)
        results, approvals = [], []
        for url in databases:
            results.append(measure("real 2023 list", REAL, env, url, folder))
            results.append(
                measure(f"generated {args.entries // 1000}k", generated, env, url, folder)
            )
            if approve:
                approvals.append(measure_approval(to_approve, env, url, folder))
        passed = report(results, approvals)
    finally:
        if not args.keep:
            for url in urls:
                drop_database(url)
        if args.keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
