"""Benchmark of the public API: requests per second, relative to a trivial Django JSON view.

Seeds a throwaway database with 100,000 designations, 500 episodes (1,500 assessments) and their
public history, straight into the published projections (the only tables the API reads), with
documents copied from the demo's and varied keys. Serves it with gunicorn (one sync worker) on
127.0.0.1 and measures, for a few seconds each, the trivial view and the API endpoints, with one
client process keeping the worker busy. Ratios are per run: the baseline is measured in the same
server, before and after the endpoints.

    make bench                                   # SQLite file in a temporary directory
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/atlas_bench make bench
    .venv/bin/python bench/api.py --seconds 2 --designations 20000
    .venv/bin/python bench/api.py --database sqlite --database postgres://…/bench_x  # both

Targets (issue #14): every API endpoint at least 0.5 of the trivial view cold (response cache
off) and 0.8 warm (response cache on); a 304 at least 0.9; the site's episode page, designation
list, designation page and search pages at least 0.5 of a trivial template view
(``/bench/trivial-page/``), warm (page cache on) and cold (off). The publication state is held in the
cache as in production with a shared cache (editorial.state_cache; ``BENCH_CACHE_URL`` names
one, e.g. a Redis database, else each server's own locmem, which is right for one worker and no
writer). The report ends with a table per database of the ratios, every figure below its target
marked. Results are printed and written to bench/results/ (not committed). Nothing here runs in
the test suite.
"""

import argparse
import base64
import copy
import datetime
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
# The targets (ratio of requests/s to the trivial view): cold (response cache off), warm (on),
# and a 304 on either; the site's pages against a trivial template view, with the page cache on
# and off.
COLD, WARM, NOT_MODIFIED, PAGE = 0.5, 0.8, 0.9, 0.5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per endpoint")
    parser.add_argument("--designations", type=int, default=100_000)
    parser.add_argument("--episodes", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument(
        "--database",
        action="append",
        help="sqlite (a temporary file) or a PostgreSQL URL whose name contains 'bench'; "
        "repeat for several (default: BENCH_DATABASE_URL, else sqlite)",
    )
    parser.add_argument("--result", help=argparse.SUPPRESS)  # where a child process reports
    return parser.parse_args()


# --- the database -------------------------------------------------------------------------------


def recreate_postgres_database(database_url: str) -> None:
    """Drop and create the benchmark's PostgreSQL database (only one named for benchmarks)."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to recreate the database {name!r}: its name must contain 'bench'.")
    maintenance = parts._replace(path="/postgres", query="").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def configure(database_url: str) -> dict:
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.server.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        # One client sends thousands of requests a second; the limit would only measure itself.
        "ATLAS_API_ANON_RATE": "off",
        "LOG_LEVEL": "WARNING",
        # The state in the cache, as production with a shared cache has it (one worker per
        # server and nothing written while it runs: its locmem is exact).
        "ATLAS_STATE_CACHE_SECONDS": "600",
    }
    if os.environ.get("BENCH_CACHE_URL"):
        env["CACHE_URL"] = os.environ["BENCH_CACHE_URL"]
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return env


def seed(designations: int, episodes: int) -> dict:
    """The demo through the real workflow, then many copies of its documents, in bulk."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection, transaction

    from assessments.documents import ASSESSMENT
    from assessments.models import PublishedAssessment
    from designations.documents import designation_columns
    from designations.models import PublishedDesignation
    from editorial.models import PublicationRecord
    from editorial.publication import mark_public_change
    from episodes.documents import EPISODE, REGIME, episode_columns, regime_columns
    from episodes.models import PublishedEpisode, PublishedRegime

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

    change_request = PublishedEpisode.objects.get(slug="dprk-ep-8").change_request_id
    rng = random.Random(1718)
    now = datetime.datetime.now(datetime.UTC)
    codes = ["KP"] * 6 + ["IR", "SO", "LY", "CD", "SD", "YE", "ML", "CF"]
    words = [
        "KIM", "RI", "PAK", "CHOE", "JANG", "HAN", "OCEAN", "MARITIME", "TRADING", "KORYO",
        "GENERAL", "SHIPPING", "MINING", "SUN", "MOON", "STAR", "GOLDEN", "EAGLE", "UNITED",
        "PETROLEUM", "STEEL", "BANK", "CORPORATION", "HAEJIN", "CHON", "MYONG", "SONG", "IL",
    ]  # fmt: skip
    records = []

    def common(object_id, document, approved_at):
        return {
            "object_id": object_id,
            "document": document,
            "public_version": 1,
            "version_id": 0,
            "revision_id": 0,
            "change_request_id": change_request,
            "approved_at": approved_at,
            "approved_by_name": "Bench Reviewer",
        }

    def record(content_type, key, fields):
        records.append(
            PublicationRecord(
                content_type=content_type,
                object_id=fields["object_id"],
                number=1,
                key=key,
                action="published",
                document=fields["document"],
                summary="First publication.",
                approved_at=fields["approved_at"],
                approved_by_name="Bench Reviewer",
                change_request_id=change_request,
            )
        )

    with transaction.atomic():
        kp = PublishedRegime.objects.get(code="KP").document
        regime_type = ContentType.objects.get_for_model(REGIME.model)
        rows = []
        # The demo publishes every UN regime; only codes it lacks get a copy of KP's document.
        published = set(PublishedRegime.objects.values_list("code", flat=True))
        for index, code in enumerate(sorted(set(codes) - published)):
            document = {**kp, "code": code, "short_name": code, "name": f"Regime {code}"}
            fields = common(4_000_000 + index, document, now)
            rows.append(PublishedRegime(**fields, **regime_columns(document, None)))
            record(regime_type, code, fields)
        PublishedRegime.objects.bulk_create(rows)

        templates = list(PublishedDesignation.objects.values_list("document", flat=True))
        designation_type = ContentType.objects.get(app_label="designations", model="designation")
        batch = []
        for index in range(designations):
            document = copy.deepcopy(templates[index % len(templates)])
            code = rng.choice(codes)
            name = " ".join(rng.sample(words, 3)) + f" {index}"
            listed = datetime.date(2006, 10, 14) + datetime.timedelta(days=rng.randrange(6000))
            delisted = (
                listed + datetime.timedelta(days=rng.randrange(1, 900))
                if rng.random() < 0.05
                else None
            )
            if document["kind"] == "vessel":
                key = f"{9_000_000 + index}"
                document["vessel"] = {**document["vessel"], "imo_number": key}
                document["reference_number"] = None
            else:
                letter = "i" if document["kind"] == "individual" else "e"
                key = f"{code}{letter}.{index:06d}"
                document["reference_number"] = key
            document.update(
                key=key,
                regime=code,
                name=name,
                listed_on=listed.isoformat(),
                delisted_on=delisted.isoformat() if delisted else None,
                in_force=delisted is None,
                listing_history=[{"date": listed.isoformat(), "event": "listed"}]
                + ([{"date": delisted.isoformat(), "event": "delisted"}] if delisted else []),
            )
            fields = common(1_000_000 + index, document, now)
            batch.append(PublishedDesignation(**fields, **designation_columns(document, None)))
            record(designation_type, key, fields)
            if len(batch) == 2000:
                PublishedDesignation.objects.bulk_create(batch)
                PublicationRecord.objects.bulk_create(records)
                batch, records = [], []
        PublishedDesignation.objects.bulk_create(batch)

        episode = PublishedEpisode.objects.get(slug="dprk-ep-8").document
        assessments = list(PublishedAssessment.objects.values_list("document", flat=True))
        episode_type = ContentType.objects.get_for_model(EPISODE.model)
        assessment_type = ContentType.objects.get_for_model(ASSESSMENT.model)
        episode_rows, assessment_rows = [], []
        for index in range(episodes):
            code = codes[index % len(codes)]
            number = 100 + index
            slug = f"{code.lower()}-ep-{number}"
            start = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(8000))
            end = None if index % 4 == 0 else start + datetime.timedelta(days=rng.randrange(2000))
            document = {
                **episode,
                "slug": slug,
                "number": number,
                "title": f"{code} - EP {number}",
                "regime": code,
                "start_date": start.isoformat(),
                "end_date": end.isoformat() if end else None,
                "ongoing": end is None,
            }
            fields = common(2_000_000 + index, document, now)
            episode_rows.append(PublishedEpisode(**fields, **episode_columns(document, None)))
            record(episode_type, slug, fields)
            for offset, template in enumerate(assessments):
                document = {**template, "episode": slug, "regime": code}
                fields = common(3_000_000 + index * 3 + offset, document, now)
                assessment_rows.append(
                    PublishedAssessment(
                        **fields,
                        episode_object_id=2_000_000 + index,
                        episode_number=number,
                        episode_slug=slug,
                        regime_code=code,
                        purpose=document["purpose"],
                        policy_outcome_score=document["policy_outcome"]["score"],
                        sanctions_contribution_score=document["sanctions_contribution"]["score"],
                        effective=document["effective"],
                    )
                )
                record(assessment_type, f"{slug}/{document['purpose']}", fields)
        PublishedEpisode.objects.bulk_create(episode_rows)
        PublishedAssessment.objects.bulk_create(assessment_rows, batch_size=2000)
        PublicationRecord.objects.bulk_create(records, batch_size=2000)
        # What the public sees changed: a new validator, as every approval gives one.
        mark_public_change(approved_at=now)
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum keeps them in production.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        # SQLite: the designations' statistics, as an approval of this many leaves them
        # (designations.statistics); the other tables are left without, as most SQLite files
        # are (with them all, its planner picked worse plans here).
        from designations import statistics

        statistics.analyse()
    return {
        "designation": PublishedDesignation.objects.order_by("key").values_list("key", flat=True)[
            designations // 2
        ],
        "episode": f"kp-ep-{100 + episodes // 2 // len(codes) * len(codes)}",
    }


# --- the server and the client ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    env: dict, port: int, *, workers: int = 1, probe: str = "/bench/trivial/", wait: int = 30
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:``port``, returned once ``probe`` answers 200 (bench and loadtest)."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            # As ``make serve``: a whole list as CSV streams for longer than the default 30 s.
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with status {server.returncode} before serving.")
        try:
            if get(port, probe)[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    sys.exit(f"The server did not start within {wait} seconds.")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def cpu_seconds(pid: int | None) -> float:
    """User and system CPU time of a process so far (0 if unknown)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(port: int, path: str, seconds: float, clients: int, headers=None, worker=None) -> dict:
    """Requests per second with ``clients`` threads sending one request after another, and the
    server worker's CPU time per request (less sensitive to other load on the machine)."""
    expected = get(port, path, headers)[0]
    assert expected in (200, 304), f"{path} answered {expected}"
    get(port, path, headers)  # warm
    counts, sizes, errors = [0] * clients, [0] * clients, []
    stop = time.monotonic() + seconds

    def client(slot: int):
        while time.monotonic() < stop:
            status, body, _ = get(port, path, headers)
            if status != expected:
                errors.append(status)
            counts[slot] += 1
            sizes[slot] += len(body)

    started, cpu_before = time.monotonic(), cpu_seconds(worker)
    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed, cpu = time.monotonic() - started, cpu_seconds(worker) - cpu_before
    total = sum(counts)
    return {
        "requests_per_second": total / elapsed,
        "server_cpu_ms_per_request": cpu * 1000 / max(total, 1),
        "requests": total,
        "mean_bytes": sum(sizes) // max(total, 1),
        "status": expected,
        "unexpected_statuses": len(errors),
    }


def worker_pid(master: int) -> int | None:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return None
    return int(children[0]) if children else None


def peak_rss_kib(pid: int | None) -> int | None:
    if pid is None:
        return None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def deep_cursor(port: int, rows: int) -> str:
    """The cursor of the page that starts after ``rows`` rows, reached by following ``next``."""
    path = "/api/designations/?page_size=1000"
    for _ in range(rows // 1000):
        page = json.loads(get(port, path)[1])
        next_url = urlsplit(page["next"])
        path = f"{next_url.path}?{next_url.query}"
    query = dict(part.split("=", 1) for part in path.split("?", 1)[1].split("&"))
    cursor = query["cursor"]
    decoded = json.loads(base64.urlsafe_b64decode(cursor + "==="))
    assert decoded["v"], decoded
    return cursor


# --- the run ------------------------------------------------------------------------------------


def main():
    args = parse_args()
    databases = args.database or [os.environ.get("BENCH_DATABASE_URL") or "sqlite"]
    if len(databases) == 1:
        reports = [run(databases[0], args)]
    else:
        # One process per database: Django is set up once per process.
        reports = []
        for database in databases:
            result = Path(tempfile.mkstemp(prefix="atlas-bench-", suffix=".json")[1])
            command = [sys.executable, __file__, "--database", database, "--result", str(result)]
            command += ["--seconds", str(args.seconds), "--designations", str(args.designations)]
            command += ["--episodes", str(args.episodes), "--clients", str(args.clients)]
            subprocess.run(command, check=True)
            reports.append(json.loads(result.read_text()))
            result.unlink()
    print_targets(reports)


def run(database: str, args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    database_url = f"sqlite:///{tmp}/atlas_bench.sqlite3" if database == "sqlite" else database
    if database_url.startswith("postgres") and "conn_max_age" not in database_url:
        # Production keeps connections open; opening one per request would dominate here.
        database_url += ("&" if "?" in database_url else "?") + "conn_max_age=60"
    servers = {}
    try:
        if database_url.startswith("postgres"):
            recreate_postgres_database(database_url)
        env = configure(database_url)
        started = time.monotonic()
        keys = seed(args.designations, args.episodes)
        from django.db import connection

        vendor = connection.vendor
        connection.close()
        print(
            f"Seeded {args.designations:,} designations and {args.episodes:,} episodes "
            f"({vendor}) in {time.monotonic() - started:.0f} s.",
            flush=True,
        )
        servers = {}
        for label, cache_seconds in (("response cache on", "600"), ("response cache off", "0")):
            port = free_port()
            caches = {
                "ATLAS_API_RESPONSE_CACHE_SECONDS": cache_seconds,
                "ATLAS_PAGE_CACHE_SECONDS": cache_seconds,
            }
            servers[label] = (port, start_server({**env, **caches}, port))
        port = servers["response cache off"][0]
        deep = deep_cursor(port, min(90_000, args.designations * 9 // 10))
        etag = get(port, "/api/designations/")[2]["ETag"]
        scenarios = [
            # name, path, headers
            ("designations: list", "/api/designations/", None),
            ("designations: filtered list", "/api/designations/?kind=vessel&regime=KP&in_force=true", None),
            (
                "designations: by name",
                "/api/designations/?regime=IR&ordering=name&listed_after=2010-01-01",
                None,
            ),
            ("designations: search", "/api/designations/?q=golden+eagle", None),
            ("designations: deep page (~90%)", f"/api/designations/?cursor={deep}", None),
            ("designations: detail", f"/api/designations/{keys['designation']}/", None),
            ("designations: versions", f"/api/designations/{keys['designation']}/versions/", None),
            ("designations: 304", "/api/designations/", {"If-None-Match": etag}),
            ("episodes: list", "/api/episodes/", None),
            (
                "episodes: filtered list",
                "/api/episodes/?regime=KP&purpose=coerce&category=commodity&ongoing=true",
                None,
            ),
            ("episodes: detail (with assessments)", f"/api/episodes/{keys['episode']}/", None),
            ("assessments: list", "/api/assessments/", None),
            ("regimes: list", "/api/regimes/", None),
            ("designations: as_of list", "/api/designations/?as_of=2100-01-01", None),
        ]  # fmt: skip
        pages = [
            ("site: episode page", f"/episodes/{keys['episode']}/", None),
            ("site: designation list", "/designations/", None),
            ("site: designation page", f"/designations/{keys['designation']}/", None),
            ("site: search", "/designations/?q=golden+eagle", None),
            ("site: search with nationality", "/designations/?q=kim&nationality=DPRK", None),
        ]
        print(
            f"Measuring {len(scenarios) + len(pages) + 4} endpoints on {len(servers)} servers, "
            f"{args.seconds:g} s each...",
            flush=True,
        )
        series = {
            label: run_series(port, worker_pid(server.pid), scenarios, args)
            for label, (port, server) in servers.items()
        }
        page_series = {
            label: run_series(
                port, worker_pid(server.pid), pages, args, trivial="/bench/trivial-page/"
            )
            for label, (port, server) in servers.items()
        }
        port, server = servers["response cache off"]
        worker = worker_pid(server.pid)
        rss_before = peak_rss_kib(worker)
        csv_started = time.monotonic()
        status, body, _ = get(port, "/api/designations/?format=csv")
        csv_seconds = time.monotonic() - csv_started
        rss_after = peak_rss_kib(worker)
        csv_rows = body.count(b"\n") - 1
    finally:
        for _port, server in servers.values():
            stop(server)
        shutil.rmtree(tmp, ignore_errors=True)

    both = [(label, "JSON", data, scenarios) for label, data in series.items()]
    both += [(label, "template", data, pages) for label, data in page_series.items()]
    for label, kind, (baseline, baseline_cpu, results), measured in both:
        print(f"\n{vendor}, {label}:")
        print(
            f"Baseline, trivial Django {kind} view: {baseline:,.0f} requests/s, "
            f"server CPU {baseline_cpu:.2f} ms per request"
        )
        print(
            f"{'endpoint':40} {'req/s':>8} {'ratio':>6} {'cpu ms':>7} {'ratio':>6} "
            f"{'bytes':>8}  target (req/s ratio)"
        )
        for name, _path, _ in measured:
            result = results[name]
            target = target_of(name, label)
            verdict = "ok" if result["ratio"] >= target else f"BELOW {target}"
            if result["unexpected_statuses"]:
                verdict += f" ({result['unexpected_statuses']} unexpected statuses)"
            print(
                f"{name:40} {result['requests_per_second']:8,.0f} {result['ratio']:6.2f} "
                f"{result['server_cpu_ms_per_request']:7.2f} {result['cpu_ratio']:6.2f} "
                f"{result['mean_bytes']:8,}  {verdict}"
            )
    memory = (
        f"; server peak RSS {rss_before / 1024:.0f} MiB before, {rss_after / 1024:.0f} MiB after"
        if rss_before and rss_after
        else ""
    )
    print(
        f"\nCSV of all designations: {csv_rows:,} rows, {len(body) / 1e6:.1f} MB in "
        f"{csv_seconds:.1f} s (status {status}){memory}"
    )

    report = {
        "database": vendor,
        "designations": args.designations,
        "episodes": args.episodes,
        "seconds_per_endpoint": args.seconds,
        "clients": args.clients,
        "series": summary(series, scenarios),
        "pages": summary(page_series, pages),
        "csv": {
            "rows": csv_rows,
            "seconds": csv_seconds,
            "peak_rss_kib_before": rss_before,
            "peak_rss_kib_after": rss_after,
        },
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    (out / f"api-{vendor}-{stamp}.json").write_text(json.dumps(report, indent=2))
    if args.result:
        Path(args.result).write_text(json.dumps(report))
    return report


def summary(series: dict, scenarios: list) -> dict:
    """Per server (cache on, off): the baseline and every scenario's figures, for the report."""
    return {
        label: {
            "baseline_requests_per_second": baseline,
            "baseline_server_cpu_ms_per_request": baseline_cpu,
            "endpoints": {name: {"path": path, **results[name]} for name, path, _ in scenarios},
        }
        for label, (baseline, baseline_cpu, results) in series.items()
    }


def target_of(name: str, series: str) -> float:
    if name.startswith("site: "):
        return PAGE
    if name.endswith(": 304"):
        return NOT_MODIFIED
    return WARM if series == "response cache on" else COLD


def print_targets(reports: list[dict]) -> None:
    """Per database: each endpoint's ratio warm and cold, "<" before a figure below target."""
    failures = []
    for report in reports:
        warm = {
            **report["series"]["response cache on"]["endpoints"],
            **report["pages"]["response cache on"]["endpoints"],
        }
        cold = {
            **report["series"]["response cache off"]["endpoints"],
            **report["pages"]["response cache off"]["endpoints"],
        }
        print(
            f"\n{report['database']}, {report['designations']:,} designations: ratio to the "
            f"trivial view (targets: warm {WARM}, cold {COLD}, 304 {NOT_MODIFIED}; site pages "
            f"{PAGE} of a trivial template view, page cache on and off; < below)"
        )
        print(f"| {'endpoint':38} | {'warm':>6} | {'cold':>6} |")
        print(f"|{'-' * 40}|{'-' * 7}:|{'-' * 7}:|")
        for name in warm:
            cells = []
            for label, endpoints in (("response cache on", warm), ("response cache off", cold)):
                ratio = endpoints[name]["ratio"]
                below = ratio < target_of(name, label)
                if below:
                    failures.append(f"{name} ({report['database']}, {label})")
                cells.append(f"{'<' if below else ' '}{ratio:5.2f}")
            print(f"| {name:38} | {cells[0]:>6} | {cells[1]:>6} |")
    if failures:
        print(f"\n{len(failures)} figures below target: {', '.join(failures)}")
    else:
        print("\nEvery figure at or above target.")


def run_series(port, worker, scenarios, args, trivial="/bench/trivial/"):
    """The trivial view, every scenario, the trivial view again: (rate, CPU, results)."""
    before = measure(port, trivial, args.seconds, args.clients, worker=worker)
    results = {
        name: measure(port, path, args.seconds, args.clients, headers, worker)
        for name, path, headers in scenarios
    }
    after = measure(port, trivial, args.seconds, args.clients, worker=worker)
    baseline = (before["requests_per_second"] + after["requests_per_second"]) / 2
    baseline_cpu = (before["server_cpu_ms_per_request"] + after["server_cpu_ms_per_request"]) / 2
    for result in results.values():
        result["ratio"] = result["requests_per_second"] / baseline
        cpu = result["server_cpu_ms_per_request"]
        result["cpu_ratio"] = baseline_cpu / cpu if cpu else float("nan")
    return baseline, baseline_cpu, results


if __name__ == "__main__":
    main()
