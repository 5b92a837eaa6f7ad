"""Benchmark: import N membership rows (default 20,000) through the secretariat's import and print rows/s.

    .venv/bin/python bench/import_memberships.py [--rows 20000]
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench .venv/bin/python bench/import_memberships.py

Runs in a throwaway test database (test_<name>, created and destroyed here), so it never touches
real data. Measures a first import (every row new) and a second one changing every row, both
with history recorded; the file is built in memory as CSV bytes and parsed like an upload.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def membership_file(rows, *, since):
    """A memberships CSV of `rows` rows: networks × jurisdictions × roles, each combination once."""
    from countries.models import Jurisdiction
    from exchange.formats import csv_chunks
    from networks.models import Membership, Network

    codes = list(Jurisdiction.objects.order_by("code").values_list("code", flat=True))
    roles = [Membership.Role.MEMBER, Membership.Role.OBSERVER]
    per_network = len(codes) * len(roles)
    count = -(-rows // per_network)
    existing = set(Network.objects.filter(slug__startswith="bench-").values_list("slug", flat=True))
    Network.objects.bulk_create(
        Network(slug=f"bench-{n}", name=f"Benchmark network {n}", type=Network.Type.JUDICIAL)
        for n in range(count)
        if f"bench-{n}" not in existing
    )
    header = ["network_slug", "member_type", "member_code", "role", "since", "notes"]
    body = (
        [f"bench-{i // per_network}", "jurisdiction", codes[i % len(codes)], roles[(i // len(codes)) % 2], since, ""]
        for i in range(rows)
    )
    return "".join(csv_chunks(header, body)).encode("utf-8")


def benchmark(rows):
    """Import `rows` new memberships, then change them all; return [(label, seconds, counts)]."""
    from exchange.formats import read_table
    from exchange.resources import MembershipResource
    from exchange.services import catalogue_import

    results = []
    for label, since in (("new rows", "2001-01-01"), ("updated rows", "2002-02-02")):
        data = membership_file(rows, since=since)
        started = time.perf_counter()
        headers, body = read_table(data, "memberships.csv")
        (report,) = catalogue_import(tables=[(MembershipResource, "memberships.csv", headers, body)])
        elapsed = time.perf_counter() - started
        assert not report.has_errors, [str(p) for p in report.problems[:5]]
        results.append((label, elapsed, report.counts))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    rows = parser.parse_args().rows

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from countries.loading import jurisdictions_load
    from networks.models import Membership

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        jurisdictions_load()
        print(f"{connection.vendor}: importing {rows:,} membership rows (history recorded)")
        for label, seconds, counts in benchmark(rows):
            print(f"  {label}: {seconds:.2f} s, {rows / seconds:,.0f} rows/s  {counts}")
        print(f"  history rows: {Membership.history.count():,}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
