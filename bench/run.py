"""The benchmark behind `make bench`: synthetic catalogue, gunicorn with production settings, wrk on loopback.

For each database (SQLite, PostgreSQL): a fresh database, `generate_synthetic`, then gunicorn
(2 workers) on 127.0.0.1 without and with the page cache; wrk drives each page for a bounded
time from this second process. Pages that answer 404 (not built yet) are reported as missing.
Prints a table and writes bench-results/<timestamp>.json.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peer import Datasette, cpu_measure, cpu_seconds, datasette_install, pair_combine, pair_table, pairs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
CACHE_MODES = {"off": {"PAGE_CACHE_SECONDS": "0"}, "locmem": {"PAGE_CACHE_SECONDS": "600"}}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page and mode")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each measurement")
    parser.add_argument("--connections", type=int, default=4, help="concurrent wrk connections (bounded)")
    parser.add_argument("--port", type=int, default=8017)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--postgres", default="postgres://root@127.0.0.1:5432/bench")
    parser.add_argument("--redis", default="", help="also measure the Redis page cache, e.g. redis://127.0.0.1:6379/1")
    parser.add_argument("--out", default=str(ROOT / "bench-results"))
    parser.add_argument("--no-peer", action="store_true", help="skip the comparison with Datasette (SQLite)")
    parser.add_argument("--after-change-rounds", type=int, default=3, help="catalogue changes timed (0: none)")
    args = parser.parse_args()
    if not 1 <= args.connections <= 64 or not 1 <= args.duration <= 120:
        parser.error("--connections must be 1..64 and --duration 1..120 (the load stays bounded)")
    return args


def base_env(database_url):
    """Production settings, as the README prescribes, on loopback only."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL", "PAGE_CACHE_SECONDS"}}
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
        API_ANONYMOUS_RATE="100000000/minute",  # the load comes from one address: measure the API, not its throttle
    )
    return env


def manage(env, *arguments):
    subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, check=True)


def database_fresh(backend, args, out):
    if backend == "sqlite":
        path = out / "bench.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    name = args.postgres.rsplit("/", 1)[1]
    if name in {"test", "postgres"} or not re.fullmatch(r"bench\w*", name):
        sys.exit(f"refusing to recreate database {name!r}: benchmark databases are named bench...")
    with psycopg.connect(args.postgres.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return args.postgres


class Server:
    """gunicorn with 2 sync workers, as in production; stopped on exit."""

    def __init__(self, env, port, log):
        self.url = f"http://127.0.0.1:{port}"
        command = [GUNICORN, "registry.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}", "--timeout", "120"]
        self.log = open(log, "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(self.url + "/healthz")[0] == 200 and len(self.workers()) == 2:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start; see {log}")

    def workers(self):
        return psutil.Process(self.process.pid).children()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def wrk(url, seconds, connections):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-s", str(ROOT / "bench" / "report.lua"), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = json.loads([line for line in output.splitlines() if line.startswith("{")][-1])
    seconds = figures["duration_us"] / 1e6
    return {
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "max_ms": figures["max_us"] / 1000,
        "requests": figures["requests"],
        "errors": sum(figures["errors"].values()),
    }


def page_measure(server, path, args):
    """wrk's figures for one page, and the server processes' CPU milliseconds per request (the steadier figure)."""
    status, _ = fetch(server.url + path)
    if status == 404:
        return {"status": "missing"}
    if status != 200:
        return {"status": f"error {status}"}
    wrk(server.url + path, args.warmup, args.connections)  # warms the workers (and fills the cache)
    processes = [psutil.Process(server.process.pid), *server.workers()]
    before = cpu_seconds(processes)
    figures = wrk(server.url + path, args.duration, args.connections)
    figures["cpu_ms_per_request"] = round((cpu_seconds(processes) - before) * 1000 / max(figures["requests"], 1), 2)
    return {"status": "ok", **figures}


def csv_measure(server, path):
    """Download the whole file once while sampling the workers' resident memory every 20 ms."""
    workers = server.workers()
    baseline = {w.pid: w.memory_info().rss for w in workers}
    peak = dict(baseline)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for w in workers:
                peak[w.pid] = max(peak[w.pid], w.memory_info().rss)
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    try:
        with urllib.request.urlopen(server.url + path, timeout=300) as response:
            first_byte = time.monotonic() - started
            size = rows = 0
            while chunk := response.read(65536):
                size += len(chunk)
                rows += chunk.count(b"\n")
    except urllib.error.HTTPError as error:
        done.set()
        return {"status": "missing" if error.code == 404 else f"error {error.code}"}
    elapsed = time.monotonic() - started
    done.set()
    sampler.join()
    growth = max(peak[pid] - baseline[pid] for pid in baseline)
    return {
        "status": "ok",
        "seconds": round(elapsed, 2),
        "first_byte_ms": round(first_byte * 1000, 1),
        "rows": max(rows - 1, 0),
        "megabytes": round(size / 1e6, 1),
        "peak_worker_memory_growth_mb": round(growth / 1e6, 1),
    }


def after_change_measure(server, env, targets, args):
    """Milliseconds of the first requests to the list and to search after a catalogue change.

    Each round changes one network (bench/touch.py), then sends two requests at once per page, so
    that both workers meet the new catalogue version; the slowest of each round is kept. The same
    pairs sent again without a change (`unchanged_ms`) show what the change itself costs.
    """
    names = ("list", "search")
    rounds, unchanged = {name: [] for name in names}, {name: [] for name in names}
    for _ in range(args.after_change_rounds):
        subprocess.run([PYTHON, "bench/touch.py"], cwd=ROOT, env=env, check=True)
        for name in names:
            rounds[name].append(slowest_of_two(server.url + targets["pages"][name]))
        for name in names:
            unchanged[name].append(slowest_of_two(server.url + targets["pages"][name]))
    return {
        name: {"max_ms": max(rounds[name], default=None), "rounds_ms": rounds[name], "unchanged_ms": unchanged[name]}
        for name in names
    }


def slowest_of_two(url):
    """Milliseconds of the slower of two requests sent at once (one per worker, most often)."""
    timings = []

    def timed():
        started = time.monotonic()
        fetch(url)
        timings.append((time.monotonic() - started) * 1000)

    threads = [threading.Thread(target=timed) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return round(max(timings), 1)


def peer_run(server, database_url, targets, args, out):
    """Our pages and Datasette's equivalents on the same SQLite file, CPU per request (bench/peer.py)."""
    database_file = database_url.removeprefix("sqlite:///")
    executable = datasette_install(out)
    peer = Datasette(executable, database_file, args.port + 1, out / "datasette.log")
    results = {}
    try:
        ours_processes = [psutil.Process(server.process.pid), *server.workers()]
        for name, our_paths, their_paths in pairs(targets["peer"], peer.database):
            ours = [cpu_measure(server.url, path, ours_processes, wrk, args) for path in our_paths]
            theirs = [cpu_measure(peer.url, path, peer.processes(), wrk, args) for path in their_paths]
            results[name] = {
                "ours": pair_combine(ours),
                "peer": pair_combine(theirs),
                "paths": [our_paths, their_paths],
            }  # noqa: E501
            print(f"  [peer] {name:14} ours {results[name]['ours']['cpu_ms_per_request']} ms, "
                  f"datasette {results[name]['peer']['cpu_ms_per_request']} ms", flush=True)  # fmt: skip
    finally:
        peer.stop()
    return results


def progress(figures):
    if figures["status"] != "ok":
        return figures["status"]
    return f"{figures['rps']} req/s, p95 {figures['p95_ms']} ms, {figures['cpu_ms_per_request']} ms CPU a request"


def postgres_backends(database_url):
    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres") as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'", [name]
        )
        return sorted(pid for (pid,) in rows)


def backend_run(backend, args, out, targets_cache):
    print(f"\n=== {backend}: fresh database, {args.networks:,} synthetic networks", flush=True)
    database_url = database_fresh(backend, args, out)
    env = base_env(database_url)
    manage(env, "migrate", "--noinput", "-v0")
    started = time.monotonic()
    manage(env, "generate_synthetic", "--networks", str(args.networks), "--seed", str(args.seed))
    result = {"database": database_url, "generate_seconds": round(time.monotonic() - started, 1)}
    # Other processes on the machine skew the figures: keep the load average beside them.
    result["load_average_before"] = os.getloadavg()
    if backend == "postgres":
        # Settle the bulk load now, so that autovacuum does not run during the measurements.
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    targets = json.loads(subprocess.check_output([PYTHON, "bench/targets.py"], cwd=ROOT, env=env))
    targets_cache.update(targets)
    result["targets"] = targets
    modes = dict(CACHE_MODES)
    if args.redis:
        modes["redis"] = {"PAGE_CACHE_SECONDS": "600", "REDIS_URL": args.redis}
    for mode, extra in modes.items():
        server = Server({**env, **extra}, args.port, out / f"gunicorn-{backend}.log")
        try:
            pooled_before = None
            pages = {}
            for name, path in targets["pages"].items():
                pages[name] = page_measure(server, path, args)
                if backend == "postgres" and pooled_before is None and name != "healthz":
                    pooled_before = postgres_backends(database_url)  # once the workers have connected
                print(f"  [{mode}] {name:17} {progress(pages[name])}", flush=True)
            healthz, floor = pages["healthz"].get("rps"), pages.get("sign_in", {}).get("rps")
            for figures in pages.values():
                if "rps" in figures and healthz:
                    figures["ratio_to_healthz"] = round(figures["rps"] / healthz, 3)
                if "rps" in figures and floor:
                    figures["ratio_to_floor"] = round(figures["rps"] / floor, 3)
            result[f"cache_{mode}"] = pages
            if mode == "off":
                result["csv"] = csv_measure(server, targets["csv"])
                print(f"  csv {result['csv']}", flush=True)
                result["after_change"] = after_change_measure(server, env, targets, args)
                print(f"  first requests after a change: {result['after_change']}", flush=True)
                if backend == "sqlite" and not args.no_peer:
                    result["peer"] = peer_run(server, database_url, targets, args, out)
            if backend == "postgres":
                after = postgres_backends(database_url)
                # The same server processes before and after the load: connections are pooled, not reopened.
                result[f"pool_{mode}"] = {
                    "connections_after_first_page": len(pooled_before),
                    "connections_after_load": len(after),
                    "kept_through_the_load": len(set(after) & set(pooled_before)),
                }
        finally:
            server.stop()
    result["load_average_after"] = os.getloadavg()
    return result


def table(results):
    lines = []
    for backend, result in results.items():
        loads = [result[key][0] for key in ("load_average_before", "load_average_after") if key in result]
        load = "–".join(f"{figure:.1f}" for figure in loads)
        lines.append(f"\n{backend} (generated in {result['generate_seconds']} s; load average {load})")
        modes = [key for key in result if key.startswith("cache_")]
        header = ": req/s  p50  p95  p99 ms  CPU ms  ×healthz  ×floor"
        lines.append(f"{'page':18}" + "".join(f"{m[6:] + header:>62}" for m in modes))
        for name in result[modes[0]]:
            row = f"{name:18}"
            for mode in modes:
                f = result[mode][name]
                if f["status"] != "ok":
                    row += f"{f['status']:>62}"
                else:
                    row += f"{f['rps']:>14.1f}{f['p50_ms']:>7.1f}{f['p95_ms']:>7.1f}{f['p99_ms']:>7.1f}"
                    row += f"{f['cpu_ms_per_request']:>8.2f}"
                    row += f"{f.get('ratio_to_healthz', 0):>11.2f}{f.get('ratio_to_floor', 0):>8.2f}"
            lines.append(row)
        csv = result["csv"]
        if csv["status"] == "ok":
            lines.append(
                f"memberships.csv: {csv['rows']:,} rows, {csv['megabytes']} MB in {csv['seconds']} s, "
                f"worker memory growth {csv['peak_worker_memory_growth_mb']} MB"
            )
        else:
            lines.append(f"memberships.csv: {csv['status']}")
        if "after_change" in result:
            figures = ", ".join(
                f"{name} {f['max_ms']} ms (unchanged {max(f['unchanged_ms'], default=None)} ms)"
                for name, f in result["after_change"].items()
            )
            lines.append(f"slowest first request after a catalogue change: {figures}")
        if "peer" in result:
            lines.append(pair_table(result["peer"]))
    return "\n".join(lines)


def main():
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk (make bench does it)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    manage(base_env("sqlite:///:memory:"), "collectstatic", "--noinput", "-v0")
    results, targets = {}, {}
    for backend in args.backends.split(","):
        results[backend] = backend_run(backend, args, out, targets)
    cpuinfo = Path("/proc/cpuinfo").read_text()
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip(),
        "machine": {
            "cpus": os.cpu_count(),
            "cpu": next(
                (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), ""
            ),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(),
        },
        "load": {
            "tool": "wrk",
            "threads": 1,
            "connections": args.connections,
            "seconds": args.duration,
            "warmup": args.warmup,
        },
        "server": "gunicorn registry.wsgi, 2 sync workers, DEBUG=0",
        "networks": args.networks,
        "seed": args.seed,
        "results": results,
    }
    path = out / f"{datetime.datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2))
    print(table(results))
    print(f"\nFigures written to {path}")


if __name__ == "__main__":
    main()
