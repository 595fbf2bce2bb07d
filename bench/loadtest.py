"""Load test: the site and API under gunicorn (2 workers), driven from a second process.

Seeds a throwaway database with the API benchmark's data (``bench.api.seed``: 100,000
designations, 500 episodes and their public history, by default), serves it with gunicorn on
127.0.0.1 (a free port, 2 sync workers, a file cache shared by the workers as in ``make serve``)
and starts a second process, the load generator: a few client threads, each sending one request
after another (``http.client``, loopback only) through the page kinds in turn, for a bounded time
and a bounded number of requests. Reports requests per second, p50/p95/p99 latency per page kind
and overall, and every error (a status other than 200, or no answer).

Target: no error, and p99 under 250 ms for the episode, designation and list pages.

The API's rate limit is off (``ATLAS_API_ANON_RATE=off``): one client address sends thousands of
requests a minute and would only measure the limit. The API's response cache is at its default
(on); ``--response-cache both`` measures a second server with it off.

    make loadtest                                    # 60 s, 100,000 designations, SQLite
    LOADTEST_SECONDS=20 LOADTEST_CLIENTS=8 make loadtest
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/atlas_bench make loadtest
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

TARGET_P99_MS = 250
# Page kinds in the order each client goes through them; the targeted ones carry the p99 target.
KINDS = {
    "site: home": False,
    "site: episode list": True,
    "site: episode page": True,
    "site: designation list": True,
    "site: designation search": True,
    "site: designation filter": True,
    "site: designation page": True,
    "site: statistics": False,
    "api: designation list": True,
    "api: filtered list": True,
    "api: designation detail": True,
    "api: deep page": True,
}
SAMPLES = 40  # distinct episodes and designations asked for
CALIBRATION = 10  # requests of each kind sent alone, before the load


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
        default=int(env("LOADTEST_CLIENTS", "4")),
        help="client threads, each with one request in flight (default 4: two per worker)",
    )
    parser.add_argument(
        "--max-requests", type=int, default=int(env("LOADTEST_MAX_REQUESTS", "500000"))
    )
    parser.add_argument(
        "--response-cache",
        choices=["on", "off", "both"],
        default=env("LOADTEST_RESPONSE_CACHE", "on"),
        help="the API's response cache: on (its default), off, or a run with each",
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


def run_against(port: int, urls: dict, args) -> dict:
    """Warm every address once, then start the load generator as a second process."""
    for paths in urls.values():
        for path in paths:
            http_get(port, path)
    spec = {
        "port": port,
        "urls": urls,
        "seconds": args.seconds,
        "clients": args.clients,
        "max_requests": args.max_requests,
    }
    driver = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--drive"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=args.seconds + 120,
        cwd=ROOT,
    )
    if driver.returncode != 0:
        sys.exit(f"The load generator failed:\n{driver.stderr}")
    return json.loads(driver.stdout)


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
    runs = {}
    server = None
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
        modes = {"on": ["on"], "off": ["off"], "both": ["on", "off"]}[args.response_cache]
        for mode in modes:
            port = free_port()
            cache_seconds = "0" if mode == "off" else "600"
            server = start_server(
                {**env, "ATLAS_API_RESPONSE_CACHE_SECONDS": cache_seconds},
                port,
                workers=2,
                probe="/healthz",
                wait=60,
            )
            urls = urls_by_kind(port, args.designations)
            unknown = set(args.skip) - set(urls)
            if unknown:
                sys.exit(f"Unknown page kind(s): {', '.join(sorted(unknown))}.")
            urls = {kind: paths for kind, paths in urls.items() if kind not in args.skip}
            connection.close()
            print(
                f"Driving {len(urls)} page kinds with {args.clients} clients for "
                f"{args.seconds:g} s (API response cache {mode})...",
                flush=True,
            )
            runs[f"response cache {mode}"] = run_against(port, urls, args)
            stop(server)
            server = None
    finally:
        if server is not None:
            stop(server)
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
    for kind, row in [*run["kinds"].items(), ("overall", overall)]:
        verdict = ""
        if KINDS.get(kind):
            verdict = "met" if row["p99_ms"] < TARGET_P99_MS else "NOT MET"
        print(
            f"{kind:28} {alone[kind]['p50_ms']:7.1f} {row['requests']:8,} "
            f"{row['requests_per_second']:7,.1f} {row['p50_ms']:7.1f} {row['p95_ms']:7.1f} "
            f"{row['p99_ms']:7.1f} {row['max_ms']:7.1f} {row['errors']:6}  {verdict}"
        )
    print(
        f"(alone: p50 ms of {CALIBRATION} requests of each kind from one client, before the load)"
    )
    targeted = [k for k, on in KINDS.items() if on and k in run["kinds"]]
    missed = [k for k in targeted if run["kinds"][k]["p99_ms"] >= TARGET_P99_MS]
    met = not missed and overall["errors"] == 0
    print(
        "Target (no error, p99 < 250 ms on the episode, designation and list pages): "
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
    result = drive(port, urls, spec["seconds"], spec["clients"], spec["max_requests"])
    result["alone"] = alone
    sys.stdout.write(json.dumps(result))
    return 0


def drive(port: int, urls: dict, seconds: float, clients: int, max_requests: int) -> dict:
    """``clients`` threads, each going through the kinds in turn (each from its own start), one
    request after another, until ``seconds`` have passed or ``max_requests`` were sent."""
    import http.client

    kinds = list(urls)
    samples: list[list[tuple[int, float, int]]] = [[] for _ in range(clients)]  # kind, s, status
    errors: list[str] = []
    budget = threading.Semaphore(max_requests)
    deadline = time.monotonic() + seconds

    def client(slot: int):
        turn = slot
        while time.monotonic() < deadline and budget.acquire(blocking=False):
            kind_index = turn % len(kinds)
            paths = urls[kinds[kind_index]]
            path = paths[(turn // len(kinds)) % len(paths)]
            turn += 1
            started = time.perf_counter()
            status = 0
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path, headers={"Host": "127.0.0.1"})
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
    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    every = [sample for per_client in samples for sample in per_client]
    kinds_report = {
        kind: summarise([s for s in every if s[0] == index], elapsed)
        for index, kind in enumerate(kinds)
    }
    return {
        "elapsed": elapsed,
        "overall": summarise(every, elapsed),
        "kinds": kinds_report,
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
