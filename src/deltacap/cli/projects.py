"""``deltacap progress`` and ``deltacap projects ...``: key reduction projects."""

from __future__ import annotations

import typer

app = typer.Typer(help="Key reduction projects (重点减排工程).", no_args_is_help=True)
