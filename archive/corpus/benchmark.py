"""The benchmark: the archive on PostgreSQL with gunicorn on loopback, driven by wrk.

Run it with ``scripts/benchmark`` (which starts a throwaway PostgreSQL and calls
``python -m archive.corpus.benchmark``); see docs/performance.md. Steps:

1. migrate, then generate the synthetic corpus (or restore the dump cached under var/bench/);
2. collectstatic; capture EXPLAIN ANALYZE of every query of the measured pages;
3. for gunicorn with 1, 2 and 4 workers, run wrk on each page at 1, 10 and 50 connections;
4. copy the data into SQLite, serve it with Datasette and measure the same filtered list;
5. print the figures as Markdown and save them (JSON and Markdown) under var/bench/.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SEARCH_INDEX = True  # --no-search-index turns it off
VAR = BASE_DIR / "var" / "bench"
BIN = BASE_DIR / ".venv" / "bin"
DATASETTE = BASE_DIR / "var" / "datasette-venv" / "bin" / "datasette"

SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "benchmark-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "ERROR",
}


def log(message):
    print(f"[{datetime.datetime.now(datetime.UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def manage(*args, env=None):
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=BASE_DIR, env=env, check=True)  # noqa: S603


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def machine():
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
        platform.processor(),
    )
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# ---------------------------------------------------------------------- the corpus
def corpus_key(args):
    return f"c{args.calls}-s{args.statements}-p{args.people}-t{args.topics}-seed{args.seed}"


def prepare_corpus(args, env):
    """Migrate and load the corpus: from the cached dump if there is one, else generate it."""
    url = os.environ["DATABASE_URL"]
    dump = VAR / f"corpus-{corpus_key(args)}.dump"
    load_report = dump.with_suffix(".load.json")
    if dump.exists() and load_report.exists() and not args.regenerate:
        log(f"restoring the cached corpus {dump.name}")
        started = time.monotonic()
        pg_restore = Path(os.environ["PGTEST_BINDIR"]) / "pg_restore"
        subprocess.run(  # noqa: S603
            [str(pg_restore), "--no-owner", "--jobs=2", f"--dbname={url}", str(dump)], check=True
        )
        manage("migrate", "--no-input", "-v0", env=env)
        subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)  # noqa: S603, S607
        figures = json.loads(load_report.read_text())
        figures["restored_from_cache_seconds"] = round(time.monotonic() - started, 1)
        index_search(figures, env, missing=True)
        return figures
    manage("migrate", "--no-input", "-v0", env=env)
    log(f"generating the corpus ({corpus_key(args)})")
    report = VAR / "load.json"
    started = time.monotonic()
    manage(
        "generate_corpus",
        f"--calls={args.calls}",
        f"--statements={args.statements}",
        f"--people={args.people}",
        f"--topics={args.topics}",
        f"--seed={args.seed}",
        f"--report={report}",
        "-v2",
        env=env,
    )
    figures = json.loads(report.read_text())
    figures["command_seconds"] = round(time.monotonic() - started, 1)
    index_search(figures, env)
    if not args.no_cache:
        pg_dump = Path(os.environ["PGTEST_BINDIR"]) / "pg_dump"
        subprocess.run([str(pg_dump), "-Fc", "-Z1", f"--file={dump}", url], check=True)  # noqa: S603
        load_report.write_text(json.dumps(figures, indent=2))
    return figures


def index_search(figures, env, missing=False):
    """Build the search documents of records written without signals (COPY), when the
    archive has a search index (``rebuild_search_index``); records how long it took.
    Returns False when the index was not built (``--no-search-index``)."""
    if not SEARCH_INDEX:
        figures["search_index"] = "not built (--no-search-index)"
        return False
    commands = subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", "help", "--commands"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if "rebuild_search_index" not in commands:
        return
    log("building the search index" + (" (missing documents only)" if missing else ""))
    started = time.monotonic()
    manage("rebuild_search_index", *(["--missing"] if missing else []), env=env)
    key = "search_index_missing_seconds" if missing else "search_index_seconds"
    figures[key] = round(time.monotonic() - started, 1)
    # The rebuild replaces and updates every document: clean up and give the planner statistics.
    subprocess.run(["psql", os.environ["DATABASE_URL"], "-qc", "VACUUM ANALYZE"], check=True)  # noqa: S603, S607
    return True


# ---------------------------------------------------------------------- the pages
def choose_pages(args):
    """The measured pages, with parameters taken from the corpus, and the pages skipped."""
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client

    from archive.models import Call, CallParticipant, Topic

    calls = Call.objects.published()
    code = (
        CallParticipant.objects.filter(call__status="published", country__isnull=False)
        .values("country_id")
        .annotate(n=Count("id"))
        .order_by("-n", "country_id")
        .values_list("country_id", flat=True)
        .first()
    ) or "IR"
    topic = (
        Topic.objects.filter(parent=None)
        .annotate(n=Count("calls"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    subtopic = (
        Topic.objects.filter(parent__slug=topic)
        .annotate(n=Count("calls"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)
        .first()
    )
    every = calls.order_by("identifier").values_list("identifier", "title")
    step = max(1, len(every) // 500)
    sample = list(every)[::step][:500]
    identifiers = [Call(identifier=i, title=t).get_absolute_url() for i, t in sample]
    # The first view of a published call without a citation version captures one (a write);
    # an import captures them up front (record_versions), so the measured calls get theirs now.
    from archive.citations.snapshots import record_versions

    record_versions(Call.objects.filter(identifier__in=[i for i, _t in sample]))
    dates = f"date_after={args.date_after}&date_before={args.date_before}"
    filtered = f"/calls/?country={code}&{dates}&topic={topic}"
    searches = ["Pezeshkian", "ceasefire", "التعاون", "همکاری", "trade agreements", "Macron", "بزشكيان"]
    pages = {
        "home": ["/"],
        "filtered list": [filtered],
        "filtered, subtopic": [f"/calls/?country={code}&{dates}&topic={subtopic}"],
        "call page": identifiers,
        "facet view": [f"/calls/?country={code}"],
        "CSV export": [f"/calls/export.csv?country={code}&date_after={args.date_after}"],
        "API list": [f"/api/calls/?country={code}"],
    }
    pages["search"] = ["/search/?q=" + urllib.parse.quote(q) for q in searches]
    client = Client(HTTP_HOST="127.0.0.1")
    skipped = {}
    for name in ("CSV export", "API list"):
        response = client.get(pages[name][0])
        if response.status_code == 404:
            skipped[name] = f"{pages[name][0].split('?')[0]} does not exist in this version"
            del pages[name]
    params = {"country": code, "topic": topic, "date_after": args.date_after, "date_before": args.date_before}
    return pages, skipped, params, subtopic


def explain(pages, names, limit=4):
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest queries each of ``names`` runs, in the order run."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    plans = {}
    for name in names:
        path = pages[name][0]
        client.get(path)  # warm the cache
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:limit]
        entries = []
        with connection.cursor() as cursor:
            for query in queries:
                if not query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
                entries.append(
                    {"sql": query["sql"], "ms": round(float(query["time"]) * 1000, 1), "plan": plan}
                )
        plans[name] = {
            "path": path,
            "status": status,
            "queries": len(captured.captured_queries),
            "total_ms": round(sum(float(q["time"]) for q in captured.captured_queries) * 1000, 1),
            "slowest": entries,
        }
    return plans


# ---------------------------------------------------------------------- serving and measuring
class RssSampler(threading.Thread):
    """The largest resident memory of any child of ``pid`` (a gunicorn worker), sampled."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.running = pid, 0, True

    def children(self):
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.pid:
                    found.append(entry)
        return found

    def run(self):
        while self.running:
            for child in self.children():
                try:
                    for line in open(f"/proc/{child}/status"):
                        if line.startswith("VmRSS"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))
                except OSError:
                    pass
            time.sleep(0.25)

    def take(self):
        peak, self.peak_kb = self.peak_kb, 0
        return round(peak / 1024, 1)


def measure(base_url, pages, concurrencies, seconds, workdir, label, sampler=None, warmup=2):
    from . import wrk

    rows = []
    for page, paths in pages.items():
        script = Path(workdir) / f"{label}-{page.replace(' ', '-')}.lua"
        script.write_text(wrk.lua_script(paths))
        wrk.run(base_url, script, min(4, max(concurrencies)), warmup)
        for connections in concurrencies:
            if sampler:
                sampler.take()
            figures = wrk.run(base_url, script, connections, seconds)
            row = {"server": label, "page": page, "clients": connections, **figures}
            if sampler:
                row["worker_rss_mb"] = sampler.take()
            rows.append(row)
            log(
                f"{label:>14} {page:>14} c={connections:<3} {figures['rps']:>8} req/s "
                f"p50 {figures['p50_ms']} p95 {figures['p95_ms']} p99 {figures['p99_ms']} ms "
                f"errors {figures['errors']}"
            )
    return rows


def serve_gunicorn(workers, env):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "archive.wsgi",
            "--config=python:archive.gunicorn_conf",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--timeout=120",
            "--graceful-timeout=2",
            "--backlog=256",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/")
    return process, base


def end_queries():
    """End the queries a stopped server left running in the throwaway database."""
    sql = (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
    )
    subprocess.run(["psql", os.environ["DATABASE_URL"], "-qtc", sql], check=False, capture_output=True)  # noqa: S603, S607


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def datasette_comparison(params, subtopic, concurrencies, seconds, workdir):
    from . import sqlite_copy

    db = VAR / "archive.db"
    log("copying the tables into SQLite for Datasette")
    started = time.monotonic()
    counts = sqlite_copy.export(os.environ["DATABASE_URL"], db)
    export_seconds = round(time.monotonic() - started, 1)
    metadata = Path(workdir) / "metadata.json"
    metadata.write_text(json.dumps(sqlite_copy.datasette_metadata()))
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            str(DATASETTE),
            "serve",
            "-i",
            str(db),
            "--host=127.0.0.1",
            f"--port={port}",
            f"--metadata={metadata}",
            "--setting",
            "sql_time_limit_ms",
            "30000",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    path = "/archive/filtered_calls?" + urllib.parse.urlencode(params)
    narrow = "/archive/filtered_calls?" + urllib.parse.urlencode({**params, "topic": subtopic})
    try:
        wait_for(base + path, seconds=120)
        pages = {"filtered list": [path], "filtered, subtopic": [narrow]}
        rows = measure(base, pages, concurrencies, seconds, workdir, "Datasette")
    finally:
        stop(process)
    return rows, {"export_seconds": export_seconds, "rows": counts, "path": path}


# ---------------------------------------------------------------------- reporting
COLUMNS = [
    ("server", "server"),
    ("page", "page"),
    ("clients", "clients"),
    ("req/s", "rps"),
    ("p50 ms", "p50_ms"),
    ("p95 ms", "p95_ms"),
    ("p99 ms", "p99_ms"),
    ("errors", "errors"),
    ("requests", "requests"),
    ("peak worker RSS MB", "worker_rss_mb"),
]


def ratios(rows):
    """Archive / Datasette requests per second for the filtered list, per server and clients."""
    datasette = {(r["page"], r["clients"]): r for r in rows if r["server"] == "Datasette"}
    out = []
    for row in rows:
        if row["server"] != "Datasette" and (row["page"], row["clients"]) in datasette:
            other = datasette[(row["page"], row["clients"])]
            out.append(
                {
                    "server": row["server"],
                    "page": row["page"],
                    "clients": row["clients"],
                    "archive_rps": row["rps"],
                    "datasette_rps": other["rps"],
                    "ratio": round(row["rps"] / other["rps"], 2) if other["rps"] else None,
                    "archive_p95": row["p95_ms"],
                    "datasette_p95": other["p95_ms"],
                }
            )
    return out


def report(results):
    from .wrk import table

    m = results["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['nproc']} cores, {m['memory_gb']} GB; {m['postgresql']}; "
        f"Python {m['python']}; load average at start {m['load_average']}, at end {m['load_average_end']}.",
        "",
        f"Corpus: {results['corpus']}; load: {json.dumps(results['load'])}",
        f"Parameters: {json.dumps(results['params'], ensure_ascii=False)}",
        f"Each cell: wrk for {results['seconds']} s after a {results['warmup']} s warm-up.",
        "",
        table(results["rows"], COLUMNS),
        "",
        "Archive / Datasette, filtered list (requests per second; p95 in ms):",
        "",
        table(
            results["ratios"],
            [
                ("archive server", "server"),
                ("page", "page"),
                ("clients", "clients"),
                ("archive req/s", "archive_rps"),
                ("Datasette req/s", "datasette_rps"),
                ("ratio", "ratio"),
                ("archive p95", "archive_p95"),
                ("Datasette p95", "datasette_p95"),
            ],
        ),
    ]
    for name, reason in results["skipped"].items():
        lines.append(f"\nSkipped {name}: {reason}.")
    for name, captured in results.get("explain", {}).items():
        lines += [
            "",
            f"EXPLAIN (ANALYZE, BUFFERS) of {name} `{captured['path']}`: {captured['queries']} queries, "
            f"{captured['total_ms']} ms in the database; the slowest:",
        ]
        for entry in captured["slowest"][:2]:
            lines += ["", "```sql", entry["sql"], "```", "", "```", entry["plan"], "```"]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--topics", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--seconds", type=int, default=10, help="Duration of each measurement.")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--date-after", default="2023-01-01")
    parser.add_argument("--date-before", default="2024-12-31")
    parser.add_argument("--regenerate", action="store_true", help="Ignore the cached dump.")
    parser.add_argument("--no-cache", action="store_true", help="Do not save a dump of the corpus.")
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--pages", help="Only these pages, comma-separated (e.g. search,home).")
    parser.add_argument(
        "--no-search-index",
        action="store_true",
        help="Do not build the search documents (minutes at full size); the search page is then skipped.",
    )
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        parser.error("DATABASE_URL is not set: run this through scripts/benchmark.")
    if not shutil.which("wrk"):
        parser.error("wrk is missing: apt-get install wrk")
    VAR.mkdir(parents=True, exist_ok=True)
    global SEARCH_INDEX
    SEARCH_INDEX = not args.no_search_index
    env = {**os.environ, **SERVER_ENV}
    os.environ.update(SERVER_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    sys.path.insert(0, str(BASE_DIR))
    results = {
        "machine": machine(),
        "corpus": corpus_key(args),
        "seconds": args.seconds,
        "warmup": args.warmup,
    }
    results["load"] = prepare_corpus(args, env)
    # Just-in-time compilation costs hundreds of milliseconds on queries the planner thinks
    # are large, more than it saves on a web page's queries: off, as docs/performance.md advises.
    jit_off = "ALTER DATABASE archive SET jit = off"
    subprocess.run(["psql", os.environ["DATABASE_URL"], "-qc", jit_off], check=True)  # noqa: S603, S607
    manage("collectstatic", "--no-input", "-v0", env=env)
    pages, skipped, params, subtopic = choose_pages(args)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        results["machine"]["postgresql"] = cursor.fetchone()[0].split(" on ")[0]
    if args.no_search_index:
        pages.pop("search", None)
        skipped["search"] = "the search documents were not built for this corpus (--no-search-index)"
    log("capturing EXPLAIN ANALYZE")
    names = [
        p for p in ("filtered list", "filtered, subtopic", "search", "call page", "facet view") if p in pages
    ]
    results["explain"] = explain(pages, names)
    if args.pages:
        wanted = [name.strip() for name in args.pages.split(",")]
        pages = {name: paths for name, paths in pages.items() if name in wanted}
    results.update(pages={k: v[:3] for k, v in pages.items()}, skipped=skipped, params=params)
    connection.close()
    clients = [int(c) for c in args.clients.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for workers in [int(w) for w in args.workers.split(",")]:
            label = f"gunicorn -w {workers}"
            # A fresh server for each page, so a slow page's queued requests never reach
            # into the next page's figures.
            for page, paths in pages.items():
                process, base = serve_gunicorn(workers, env)
                sampler = RssSampler(process.pid)
                sampler.start()
                try:
                    rows += measure(
                        base, {page: paths}, clients, args.seconds, workdir, label, sampler, args.warmup
                    )
                finally:
                    sampler.running = False
                    stop(process)
                    end_queries()
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        (VAR / f"results-{stamp}-partial.json").write_text(json.dumps({**results, "rows": rows}, indent=2))
        if not args.no_datasette:
            try:
                datasette_rows, results["datasette"] = datasette_comparison(
                    params, subtopic, clients, args.seconds, workdir
                )
                rows += datasette_rows
            except Exception as error:  # noqa: BLE001 - report the archive's figures anyway
                results["datasette"] = {"error": repr(error)}
                log(f"the Datasette comparison failed: {error!r}")
    results["rows"] = rows
    results["ratios"] = ratios(rows)
    results["machine"]["load_average_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    text = report(results)
    (VAR / f"results-{stamp}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    (VAR / f"report-{stamp}.md").write_text(text + "\n")
    print(text)
    log(f"saved var/bench/results-{stamp}.json and var/bench/report-{stamp}.md")


if __name__ == "__main__":
    main()
