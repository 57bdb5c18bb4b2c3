"""What one request of each of the six main pages and endpoints costs the application
itself: processor time per request and queries per request, measured in one process
without a server or sockets.

The load benchmark (bench/bench_web.py) measures what 50 clients get, which depends on
everything else the machine is doing; this one measures the part the code decides, which
a shared machine disturbs far less (processor time of this process only). Figures in
docs/PERFORMANCE.md ("Processor time per request"). Run from the repository root:

    .venv/bin/python bench/bench_request_cpu.py [--data-dir DIR] [--requests 200] [--batches 7]

Without ``--data-dir`` the demo is built in a temporary data folder (about a minute). Each
endpoint is first requested 20 times (sessions, tokens, the division tree and the cached
figures as on a running server), then in ``--batches`` batches of ``--requests``; reported:
the least and the median processor milliseconds per request over the batches, and the
queries of one request. The office is signed in with a session (pages) and a bearer
token (the API), as in the load benchmark.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_web import ENDPOINTS, build_demo  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a data folder with the demo built (kept)")
    parser.add_argument("--requests", type=int, default=200, help="requests per batch")
    parser.add_argument("--batches", type=int, default=7)
    args = parser.parse_args()

    data_dir = str(args.data_dir or tempfile.mkdtemp(prefix="deltacap-bench-cpu-"))
    env = {**os.environ, "DELTACAP_DATA_DIR": data_dir}
    if args.data_dir is None:
        print(f"demo built in {build_demo(env):.1f} s", flush=True)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deltacap.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from deltacap.accounts.models import User
    from deltacap.accounts.services import issue_token

    office = User.objects.get(username="office")
    public = Client(HTTP_HOST="localhost")
    session = Client(HTTP_HOST="localhost")
    session.force_login(office)
    token = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {issue_token(user=office)}")
    clients = {None: public, "session": session, "token": token}

    print(f"{'endpoint':44} {'min ms':>7} {'median ms':>9} {'queries':>7}")
    for label, path, sign in ENDPOINTS:
        client = clients[sign]
        for _ in range(20):
            answer = client.get(path)
            assert answer.status_code == 200, (label, answer.status_code)
        queries: list[str] = []

        def counted(execute, sql, *rest, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(counted):
            client.get(path)
        per_batch = []
        for _ in range(args.batches):
            started = time.process_time()
            for _ in range(args.requests):
                client.get(path)
            per_batch.append((time.process_time() - started) / args.requests * 1000)
        print(
            f"{label:44} {min(per_batch):7.2f} {statistics.median(per_batch):9.2f} "
            f"{len(queries):7d}",
            flush=True,
        )


if __name__ == "__main__":
    main()
