"""Load test: the site and API under gunicorn (2 workers), driven from a second process.

Seeds a throwaway database with the API benchmark's data (``bench.api.seed``: 100,000
designations, 500 episodes and their public history, by default), serves it with gunicorn on
127.0.0.1 (a free port, 2 sync workers, a file cache shared by the workers as in ``make serve``)
and starts a second process, the load generator: a few client threads, each sending one request
after another (``http.client``, loopback only) through the page kinds in turn, for a bounded time
and a bounded number of requests. Reports requests per second, p50/p95/p99 latency per page kind
and overall, and every error (a status other than 200, or no answer).

Target (issue #14, item 6): with 8 clients, no error, and p99 under 100 ms for the episode page,
the designation list, search and page, and the API list.

Replica mode (``--replica-url``, or ``LOADTEST_REPLICA_URL``; PostgreSQL only): the server gets
``DATABASE_REPLICA_URL`` naming a streaming replica of the benchmark database (``.ci/replica``
makes one on 127.0.0.1:5433), so that the public side reads from the replica while, at the same
time, ``--staff-clients`` threads (2 by default) load staff pages (the review queue, the admin's
designation list, an episode's change form) with a signed-in reviewer's session, served by the
primary. The run waits until the replica has replayed the seeding, and reports how many
transactions each database server ran during the load: a replica that ran none fails the run.

Where the staff pages are served (``--staff-server``): by a gunicorn of their own (``own``, the
default: the same code and settings, 2 more workers on the same machine), as the README's
Deploying section advises, or by the public side's own workers (``shared``). A staff page costs
50-600 ms of CPU (an episode's change form renders some 150 admin fields), and a sync worker
serves one request at a time: shared, every public request behind one waits for it.

The API's rate limit is off (``ATLAS_API_ANON_RATE=off``): one client address sends thousands of
requests a minute and would only measure the limit. The response caches (the API's and the
site's page cache) are at their default (on: after the warm-up every address is a hit until an
approval); ``--response-cache both`` measures a second server with both off, every request
built, as traffic of ever different searches and filters would be.

    make loadtest                                    # 60 s, 100,000 designations, SQLite
    LOADTEST_SECONDS=20 LOADTEST_CLIENTS=8 make loadtest
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/atlas_bench make loadtest
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/atlas_bench \
        LOADTEST_REPLICA_URL=postgres://postgres@127.0.0.1:5433/atlas_bench make loadtest
    .venv/bin/python bench/loadtest.py --seconds 3 --designations 2000 --episodes 20

Results are printed and written to bench/results/ (not committed). tests/ops/test_load.py runs a
short version and requires zero errors; latency is never asserted in a test.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: the project (and bench.api) importable

from bench.api import (  # noqa: E402
    configure,
    deep_cursor,
    free_port,
    recreate_postgres_database,
    start_server,
    stop,
)
from bench.api import get as http_get  # noqa: E402
from bench.api import seed as seed_benchmark_data  # noqa: E402

TARGET_P99_MS = 100
# Page kinds in the order each client goes through them; the targeted ones carry the p99 target.
KINDS = {
    "site: home": False,
    "site: episode list": False,
    "site: episode page": True,
    "site: designation list": True,
    "site: designation search": True,
    "site: designation filter": False,
    "site: designation page": True,
    "site: statistics": False,
    "api: designation list": True,
    "api: filtered list": False,
    "api: designation detail": False,
    "api: deep page": False,
}
# Staff pages of the replica mode, loaded by their own clients at the same time (no target: they
# are measured to show what the primary serves meanwhile).
STAFF_KINDS = ("staff: review queue", "staff: admin designation list", "staff: admin episode")
SAMPLES = 40  # distinct episodes and designations asked for
CALIBRATION = 10  # requests of each kind sent alone, before the load
# What every request of the load, and of its warm-up, sends: the pages hold absolute links, so
# the page cache keys them by the Host, and a warm-up under another ("127.0.0.1:PORT",
# http.client's default) warmed entries the load never asked for.
HEADERS = {"Host": "127.0.0.1"}


def parse_args(argv=None):
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(env("LOADTEST_SECONDS", "60")))
    parser.add_argument(
        "--designations", type=int, default=int(env("LOADTEST_DESIGNATIONS", "100000"))
    )
    parser.add_argument("--episodes", type=int, default=int(env("LOADTEST_EPISODES", "500")))
    parser.add_argument(
        "--clients",
        type=int,
        default=int(env("LOADTEST_CLIENTS", "8")),
        help="client threads, each with one request in flight (default 8: four per worker)",
    )
    parser.add_argument(
        "--replica-url",
        default=env("LOADTEST_REPLICA_URL", ""),
        help="a streaming replica of BENCH_DATABASE_URL's server, same database name: the public "
        "side reads from it while staff clients load the primary",
    )
    parser.add_argument(
        "--staff-clients",
        type=int,
        default=int(env("LOADTEST_STAFF_CLIENTS", "2")),
        help="client threads loading staff pages in the replica mode (default 2)",
    )
    parser.add_argument(
        "--staff-server",
        choices=["own", "shared"],
        default=env("LOADTEST_STAFF_SERVER", "own"),
        help="replica mode: serve the staff pages by a gunicorn of their own (default) or by the "
        "public side's workers",
    )
    parser.add_argument(
        "--max-requests", type=int, default=int(env("LOADTEST_MAX_REQUESTS", "500000"))
    )
    parser.add_argument(
        "--response-cache",
        choices=["on", "off", "both"],
        default=env("LOADTEST_RESPONSE_CACHE", "on"),
        help="the API's response cache and the site's page cache: on (their default), off, or a "
        "run with each",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[k for k in env("LOADTEST_SKIP", "").split(",") if k],
        metavar="KIND",
        help='leave a page kind out, e.g. --skip "site: statistics" (repeatable)',
    )
    parser.add_argument("--json", type=Path, help="also write the report to this file")
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# --- the server side -------------------------------------------------------------------------


def urls_by_kind(port: int, designations: int) -> dict[str, list[str]]:
    """Real addresses of the seeded data for each page kind (the parent has Django set up)."""
    from designations.models import PublishedDesignation
    from episodes.models import PublishedEpisode

    step = max(designations // SAMPLES, 1)
    keys = list(
        PublishedDesignation.objects.order_by("key").values_list("key", flat=True)[::step][:SAMPLES]
    )
    slugs = list(PublishedEpisode.objects.order_by("slug").values_list("slug", flat=True))
    slugs = slugs[:: max(len(slugs) // SAMPLES, 1)][:SAMPLES]
    deep = deep_cursor(port, min(90_000, designations * 9 // 10))
    return {
        "site: home": ["/"],
        "site: episode list": ["/episodes/", "/episodes/?regime=KP&purpose=coerce"],
        "site: episode page": [f"/episodes/{slug}/" for slug in slugs],
        "site: designation list": ["/designations/", "/designations/?page=2"],
        "site: designation search": ["/designations/?q=KIM+SONG", "/designations/?q=ocean"],
        "site: designation filter": [
            "/designations/?regime=IR&kind=entity",
            "/designations/?kind=vessel&in_force=true",
        ],
        "site: designation page": [f"/designations/{key}/" for key in keys],
        "site: statistics": ["/statistics/"],
        "api: designation list": ["/api/designations/"],
        "api: filtered list": [
            "/api/designations/?kind=vessel&regime=KP&in_force=true",
            "/api/designations/?regime=IR&ordering=name&listed_after=2010-01-01",
        ],
        "api: designation detail": [f"/api/designations/{key}/" for key in keys],
        "api: deep page": [f"/api/designations/?cursor={deep}"],
    }


def run_against(port: int, urls: dict, args, staff: dict | None = None) -> dict:
    """Warm every address once, then start the load generator as a second process.

    ``staff``: {"urls": {kind: [path]}, "cookie": "name=value"}, loaded by their own clients at
    the same time (the replica mode)."""
    for paths in urls.values():
        for path in paths:
            http_get(port, path, HEADERS)
    spec = {
        "port": port,
        "urls": urls,
        "seconds": args.seconds,
        "clients": args.clients,
        "max_requests": args.max_requests,
        "staff": staff,
        "staff_clients": args.staff_clients,
    }
    driver = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--drive"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=args.seconds + 180,
        cwd=ROOT,
    )
    if driver.returncode != 0:
        sys.exit(f"The load generator failed:\n{driver.stderr}")
    return json.loads(driver.stdout)


def replica_url_for(database_url: str, replica_url: str) -> str:
    """The replica's address, checked: PostgreSQL, the same database name as the primary's."""
    primary, replica = urlsplit(database_url), urlsplit(replica_url)
    if not database_url.startswith("postgres"):
        sys.exit("--replica-url needs BENCH_DATABASE_URL naming the primary PostgreSQL database.")
    if replica.path != primary.path:
        sys.exit(
            f"--replica-url names the database {replica.path.lstrip('/')!r}; a streaming replica "
            f"holds the primary's, {primary.path.lstrip('/')!r}: name that one."
        )
    if (replica.hostname, replica.port) == (primary.hostname, primary.port):
        sys.exit("--replica-url names the primary's server itself; name the replica's.")
    return replica_url


def wait_for_replica(replica_url: str, timeout: float = 300) -> None:
    """Until the replica has replayed every change the primary has written so far."""
    import psycopg
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    address = urlsplit(replica_url)._replace(query="").geturl()
    while True:
        try:
            with psycopg.connect(address, autocommit=True, connect_timeout=5) as replica:
                recovering, caught_up = replica.execute(
                    "SELECT pg_is_in_recovery(), "
                    "pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s::pg_lsn) >= 0",
                    [target],
                ).fetchone()
            if not recovering:
                sys.exit("--replica-url names a server that is not a replica (not in recovery).")
            if caught_up:
                return
        except psycopg.OperationalError as error:
            if time.monotonic() > deadline:
                sys.exit(f"The replica does not answer: {error}")
        if time.monotonic() > deadline:
            sys.exit(f"The replica had not replayed the seeding after {timeout:.0f} s.")
        time.sleep(0.5)


def transactions(url: str) -> int:
    """Transactions the server of ``url`` has run in its database (its own statistics: a standby
    counts the read-only transactions it serves)."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(parts._replace(query="").geturl(), autocommit=True) as connection:
        # Statistics are snapshotted per transaction; read the live counters.
        connection.execute("SELECT pg_stat_clear_snapshot()")
        row = connection.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
            [parts.path.lstrip("/")],
        ).fetchone()
    return int(row[0]) if row else 0


def staff_pages() -> dict:
    """The staff pages of the replica mode and a signed-in reviewer's session cookie (the parent
    has Django set up; the demo's reviewer signs in as a browser would, through a session)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.utils.module_loading import import_string

    from episodes.models import Episode

    reviewer = get_user_model().objects.get(username="reviewer")
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(reviewer.pk)
    # The backend that loads users (axes' comes first and only checks logins).
    session[BACKEND_SESSION_KEY] = next(
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if hasattr(import_string(path), "get_user")
    )
    session[HASH_SESSION_KEY] = reviewer.get_session_auth_hash()
    session.create()
    episode = Episode.objects.order_by("pk").values_list("pk", flat=True).first()
    return {
        "urls": {
            "staff: review queue": ["/review/"],
            "staff: admin designation list": ["/admin/designations/designation/"],
            "staff: admin episode": [f"/admin/episodes/episode/{episode}/change/"],
        },
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    }


def main(argv=None):
    args = parse_args(argv)
    if args.drive:
        return drive_from_stdin()
    if args.designations < 2000:
        sys.exit("--designations: at least 2000 (the deep page is past the first 1,000 rows).")
    tmp = Path(tempfile.mkdtemp(prefix="atlas-loadtest-"))
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp}/atlas_load.sqlite3"
    if database_url.startswith("postgres") and "conn_max_age" not in database_url:
        database_url += ("&" if "?" in database_url else "?") + "conn_max_age=60"
    replica_url = replica_url_for(database_url, args.replica_url) if args.replica_url else ""
    runs = {}
    server = staff_server = None
    try:
        if database_url.startswith("postgres"):
            recreate_postgres_database(database_url)
        env = configure(database_url)  # rate limit off, DEBUG off, loopback host
        # As `make serve`: the workers share a file cache (the API's response cache lives there).
        env["CACHE_URL"] = f"file://{tmp}/cache"
        started = time.monotonic()
        seed_benchmark_data(args.designations, args.episodes)
        from django.db import connection

        vendor = connection.vendor
        print(
            f"Seeded {args.designations:,} designations and {args.episodes:,} episodes ({vendor}) "
            f"in {time.monotonic() - started:.0f} s.",
            flush=True,
        )
        staff = None
        if replica_url:
            env["DATABASE_REPLICA_URL"] = replica_url
            staff = staff_pages()
            wait_for_replica(replica_url)
            print(f"The replica has replayed the seeding: {urlsplit(replica_url).netloc}.")
        modes = {"on": ["on"], "off": ["off"], "both": ["on", "off"]}[args.response_cache]
        for mode in modes:
            port = free_port()
            cache_seconds = "0" if mode == "off" else "600"
            server_env = {
                **env,
                "ATLAS_API_RESPONSE_CACHE_SECONDS": cache_seconds,
                "ATLAS_PAGE_CACHE_SECONDS": cache_seconds,
            }
            server = start_server(server_env, port, workers=2, probe="/healthz", wait=60)
            urls = urls_by_kind(port, args.designations)
            unknown = set(args.skip) - set(urls)
            if unknown:
                sys.exit(f"Unknown page kind(s): {', '.join(sorted(unknown))}.")
            urls = {kind: paths for kind, paths in urls.items() if kind not in args.skip}
            if staff and args.staff_server == "own":
                staff["port"] = free_port()
                staff_server = start_server(
                    server_env, staff["port"], workers=2, probe="/healthz", wait=60
                )
            connection.close()
            print(
                f"Driving {len(urls)} page kinds with {args.clients} clients for "
                f"{args.seconds:g} s (response and page caches {mode})...",
                flush=True,
            )
            before = (transactions(database_url), transactions(replica_url)) if staff else None
            run = runs[f"response cache {mode}"] = run_against(port, urls, args, staff)
            run["staff_port"] = (staff or {}).get("port")
            if before:
                run["transactions"] = {
                    "primary": transactions(database_url) - before[0],
                    "replica": transactions(replica_url) - before[1],
                }
            stop(server)
            server = None
            if staff_server is not None:
                stop(staff_server)
                staff_server = None
    finally:
        for running in (server, staff_server):
            if running is not None:
                stop(running)
        shutil.rmtree(tmp, ignore_errors=True)

    report = {
        "database": vendor,
        "designations": args.designations,
        "episodes": args.episodes,
        "clients": args.clients,
        "workers": 2,
        "seconds": args.seconds,
        "skipped": args.skip,
        "target_p99_ms": TARGET_P99_MS,
        "replica": urlsplit(replica_url).netloc if replica_url else None,
        "staff_clients": args.staff_clients if replica_url else 0,
        "staff_server": args.staff_server if replica_url else None,
        "runs": runs,
    }
    for label, run in runs.items():
        print_run(label, run)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"loadtest-{stamp}.json").write_text(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    if replica_url and any(run["transactions"]["replica"] == 0 for run in runs.values()):
        print("The replica served no transaction: the public side did not read from it.")
        return 1
    return 0


def print_run(label: str, run: dict) -> None:
    overall = run["overall"]
    print(
        f"\n{label.capitalize()}: {overall['requests']:,} requests in {run['elapsed']:.1f} s, "
        f"{overall['requests_per_second']:,.0f} requests/s, {overall['errors']} errors"
    )
    print(
        f"{'page kind':28} {'alone':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'max ms':>7} {'errors':>6}  target p99 < {TARGET_P99_MS} ms"
    )
    alone = {**run["alone"]["kinds"], "overall": run["alone"]["overall"]}
    for kind, row in [*run["kinds"].items(), ("overall", overall), *run["staff"].items()]:
        verdict = ""
        if KINDS.get(kind):
            verdict = "met" if row["p99_ms"] < TARGET_P99_MS else "NOT MET"
        alone_ms = f"{alone[kind]['p50_ms']:7.1f}" if kind in alone else f"{'-':>7}"
        print(
            f"{kind:28} {alone_ms} {row['requests']:8,} "
            f"{row['requests_per_second']:7,.1f} {row['p50_ms']:7.1f} {row['p95_ms']:7.1f} "
            f"{row['p99_ms']:7.1f} {row['max_ms']:7.1f} {row['errors']:6}  {verdict}"
        )
    print(
        f"(alone: p50 ms of {CALIBRATION} requests of each kind from one client, before the load)"
    )
    if "transactions" in run:
        counts = run["transactions"]
        print(
            f"Transactions during the load: replica {counts['replica']:,}, "
            f"primary {counts['primary']:,} (staff pages, the replica's lag checks); staff "
            + (
                "pages served by their own gunicorn."
                if run.get("staff_port")
                else "pages served by the public side's workers."
            )
        )
    targeted = [k for k, on in KINDS.items() if on and k in run["kinds"]]
    missed = [k for k in targeted if run["kinds"][k]["p99_ms"] >= TARGET_P99_MS]
    staff_errors = sum(row["errors"] for row in run["staff"].values())
    met = not missed and overall["errors"] == 0 and staff_errors == 0
    print(
        f"Target (no error, p99 < {TARGET_P99_MS} ms on the episode page, designation list, "
        "search and page, and the API list): "
        + ("met." if met else f"NOT met ({', '.join(missed) or 'errors'}).")
    )
    for sample in run["error_samples"]:
        print(f"  error: {sample}")


# --- the load generator (the second process) --------------------------------------------------


def drive_from_stdin() -> int:
    spec = json.loads(sys.stdin.read())
    port, urls = spec["port"], spec["urls"]
    # First each page alone (one client, CALIBRATION requests of each kind): what a request
    # costs without waiting for a worker. Then the load.
    alone = drive(port, urls, 120, 1, CALIBRATION * len(urls))
    staff = spec.get("staff")
    result = drive(
        port,
        urls,
        spec["seconds"],
        spec["clients"],
        spec["max_requests"],
        staff=staff,
        staff_clients=spec.get("staff_clients", 0) if staff else 0,
    )
    result["alone"] = alone
    sys.stdout.write(json.dumps(result))
    return 0


def drive(
    port: int,
    urls: dict,
    seconds: float,
    clients: int,
    max_requests: int,
    staff: dict | None = None,
    staff_clients: int = 0,
) -> dict:
    """``clients`` threads, each going through the kinds in turn (each from its own start), one
    request after another, until ``seconds`` have passed or ``max_requests`` were sent; and
    ``staff_clients`` more doing the same through the staff pages, signed in."""
    import http.client

    public_kinds = list(urls)
    staff_urls = staff["urls"] if staff else {}
    kinds = public_kinds + list(staff_urls)
    urls = {**urls, **staff_urls}
    staff_headers = {**HEADERS, "Cookie": staff["cookie"]} if staff else {}
    staff_port = (staff or {}).get("port") or port  # their own server's, or the public one's
    total = clients + staff_clients
    samples: list[list[tuple[int, float, int]]] = [[] for _ in range(total)]  # kind, s, status
    errors: list[str] = []
    budget = threading.Semaphore(max_requests)
    deadline = time.monotonic() + seconds

    def client(slot: int):
        is_staff = slot >= clients
        offset, mine = (len(public_kinds), list(staff_urls)) if is_staff else (0, public_kinds)
        headers = staff_headers if is_staff else HEADERS
        turn = slot
        while time.monotonic() < deadline and budget.acquire(blocking=False):
            kind_index = offset + turn % len(mine)
            paths = urls[kinds[kind_index]]
            path = paths[(turn // len(mine)) % len(paths)]
            turn += 1
            started = time.perf_counter()
            status = 0
            try:
                connection = http.client.HTTPConnection(
                    "127.0.0.1", staff_port if is_staff else port, timeout=30
                )
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                connection.close()
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{path}: {type(error).__name__}: {error}")
            elapsed = time.perf_counter() - started
            if status and status != 200:
                errors.append(f"{path}: status {status}")
            samples[slot].append((kind_index, elapsed, status))

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(total)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    every = [sample for per_client in samples for sample in per_client]
    public = [sample for sample in every if sample[0] < len(public_kinds)]

    def by_kind(names, offset):
        return {
            kind: summarise([s for s in every if s[0] == offset + index], elapsed)
            for index, kind in enumerate(names)
        }

    return {
        "elapsed": elapsed,
        "overall": summarise(public, elapsed),
        "kinds": by_kind(public_kinds, 0),
        "staff": by_kind(list(staff_urls), len(public_kinds)),
        "error_samples": errors[:10],
    }


def summarise(samples: list[tuple[int, float, int]], elapsed: float) -> dict:
    latencies = sorted(seconds * 1000 for _, seconds, _ in samples)

    def percentile(p: float) -> float:
        if not latencies:
            return 0.0
        rank = max(1, -(-len(latencies) * p // 100))  # nearest rank
        return latencies[int(rank) - 1]

    return {
        "requests": len(samples),
        "requests_per_second": len(samples) / elapsed if elapsed else 0.0,
        "errors": sum(1 for _, _, status in samples if status != 200),
        "p50_ms": percentile(50),
        "p95_ms": percentile(95),
        "p99_ms": percentile(99),
        "max_ms": latencies[-1] if latencies else 0.0,
    }


if __name__ == "__main__":
    sys.exit(main())
