"""The peer in `make bench`: Datasette serving the same SQLite file, measured in the same run.

A publisher putting a catalogue with facets online would otherwise reach for Datasette. For each
pair of equivalent pages (ours and its), wrk loads one page at a time, and the CPU time the server
processes spent over the run, divided by the requests they served, gives CPU milliseconds per
request: steadier than requests per second on a shared machine, where throughput moves twofold
between repetitions while CPU per request stays within about 15 %.

Datasette runs in its own virtualenv (bench-results/datasette-venv), in its fastest documented
setting: immutable file (`-i`), no suggested facets.
"""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import psutil

DATASETTE = "datasette==0.65.5"
SETTINGS = {
    "suggest_facets": "off",
    "default_page_size": "20",
    "sql_time_limit_ms": "5000",
    "facet_time_limit_ms": "2000",
}
FACETS = [("_facet", "type"), ("_facet", "field"), ("_facet", "status")]


def datasette_install(out):
    """The datasette executable in its own virtualenv under `out`, installed on first use."""
    venv = Path(out) / "datasette-venv"
    executable = venv / "bin" / "datasette"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", DATASETTE], check=True)
    return executable


class Datasette:
    """`datasette serve -i FILE` on loopback; one process (its event loop does all the work)."""

    def __init__(self, executable, database_file, port, log):
        self.url = f"http://127.0.0.1:{port}"
        self.database = Path(database_file).stem
        command = [str(executable), "serve", "-i", str(database_file), "-h", "127.0.0.1", "-p", str(port)]
        for name, value in SETTINGS.items():
            command += ["--setting", name, value]
        self.log = open(log, "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(command, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/-/versions.json", timeout=5):
                    return
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"datasette did not start; see {log}")

    def processes(self):
        return [psutil.Process(self.process.pid)]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def pairs(peer, database):
    """[(name, [our paths], [its paths])]: the pages a user would compare, from bench/targets.py's `peer`.

    The network page is matched by Datasette's row page plus that network's memberships, all of them,
    since our page shows every member: its CPU per request is the sum of the two.
    """
    table = f"/{database}/networks_network"
    wanted = {"type": peer["type"], "status": peer["status"]}
    ours = peer["list"]
    return [
        ("list", [ours], [f"{table}?{urlencode(FACETS)}"]),
        ("list_filtered", [f"{ours}?{urlencode(wanted)}"], [f"{table}?{urlencode([*wanted.items(), *FACETS])}"]),
        (
            "search",
            [f"{ours}?{urlencode({'q': peer['q']})}"],
            [f"{table}?{urlencode([('name__contains', peer['q']), *FACETS])}"],
        ),
        (
            "detail",
            [peer["detail"]],
            [f"{table}/{peer['id']}", f"/{database}/networks_membership?network_id={peer['id']}&_size=max"],
        ),
    ]


def cpu_seconds(processes):
    total = 0.0
    for process in processes:
        times = process.cpu_times()
        total += times.user + times.system
    return total


def cpu_measure(base_url, path, processes, load, args):
    """wrk on one page with the servers' CPU time around it: figures plus `cpu_ms_per_request` and `bytes`."""
    with urllib.request.urlopen(base_url + path, timeout=120) as response:
        size = len(response.read())
    load(base_url + path, args.warmup, args.connections)
    before = cpu_seconds(processes)
    figures = load(base_url + path, args.duration, args.connections)
    spent = cpu_seconds(processes) - before
    figures["cpu_ms_per_request"] = round(spent * 1000 / max(figures["requests"], 1), 2)
    figures["bytes"] = size
    return figures


def pair_table(pair_results):
    lines = [
        "\nAgainst the peer (SQLite, no page cache): CPU ms per request (lower is better) and req/s",
        f"{'pair':15}{'ours ms':>10}{'peer ms':>10}{'peer/ours':>11}{'ours req/s':>12}{'peer req/s':>12}"
        f"{'ours KB':>9}{'peer KB':>9}",
    ]
    for name, result in pair_results.items():
        ours, theirs = result["ours"], result["peer"]
        ratio = theirs["cpu_ms_per_request"] / ours["cpu_ms_per_request"] if ours["cpu_ms_per_request"] else 0
        lines.append(
            f"{name:15}{ours['cpu_ms_per_request']:>10.2f}{theirs['cpu_ms_per_request']:>10.2f}{ratio:>11.2f}"
            f"{ours['rps']:>12.1f}{theirs['rps']:>12.1f}{ours['bytes'] / 1000:>9.0f}{theirs['bytes'] / 1000:>9.0f}"
        )
    return "\n".join(lines)


def pair_combine(measured):
    """One figure set from the pages of one side: CPU per request and bytes add up; throughput is the slowest."""
    if len(measured) == 1:
        return measured[0]
    return {
        "cpu_ms_per_request": round(sum(m["cpu_ms_per_request"] for m in measured), 2),
        "rps": min(m["rps"] for m in measured),
        "p95_ms": sum(m["p95_ms"] for m in measured),
        "bytes": sum(m["bytes"] for m in measured),
        "pages": measured,
    }
