"""`deltacap serve` under gunicorn: one master process and ``workers`` web processes, each
with ``threads`` threads, all serving one address.

The application is loaded once in the master (Django is set up before the fork) and its
database connections are closed before the processes fork, so that none shares another's
connection.
"""

from __future__ import annotations

import gc
from typing import Any

from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped,unused-ignore]


class _Application(BaseApplication):  # type: ignore[misc,unused-ignore]
    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def run(application: Any, *, host: str, port: int, workers: int, threads: int) -> None:
    from django.db import connections

    connections.close_all()
    # What the application loaded before the fork (Django, the URL configuration, the
    # libraries: hundreds of thousands of objects that live as long as the process) is
    # moved out of the garbage collector's reach, so its full collections walk only what
    # requests make, and the memory pages the processes share stay shared.
    gc.collect()
    gc.freeze()
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,
        "proc_name": "deltacap",
        "timeout": 120,
        "graceful_timeout": 20,
        "keepalive": 5,
        "backlog": 2048,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
    }
    _Application(application, options).run()
