"""``deltacap hj212 ...``: HJ 212-2017 tools: parse here; device in ``hj212_devices``,
serve and simulate in ``hj212_serve``, rollup and compact in ``hj212_store``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from deltacap.cli import hj212_devices, hj212_serve, hj212_store
from deltacap.domain import hj212

app = typer.Typer(help="HJ 212-2017 online-monitoring protocol tools.", no_args_is_help=True)
app.add_typer(hj212_devices.device_app, name="device")
app.command("serve")(hj212_serve.serve)
app.command("simulate")(hj212_serve.simulate)
app.command("rollup")(hj212_store.rollup)
app.command("compact")(hj212_store.compact)


@app.callback()
def _group() -> None:
    """HJ 212-2017 online-monitoring protocol tools."""


@app.command("parse")
def parse_packets(
    as_json: bool = typer.Option(False, "--json", help="One JSON object per input line."),
    lenient: bool = typer.Option(
        False,
        "--lenient",
        help="Accept what public devices send (no CR LF, 2005 headers, non-hex MN ...); "
        "CRC and length are still checked.",
    ),
) -> None:
    """Parse packets read from standard input, one per line, and report each.

    A line ending in CR LF carries the packet's CR LF; otherwise only the line's
    newline is removed. Bad packets are reported, not fatal: the exit code is 0.
    """
    options = hj212.LENIENT if lenient else hj212.STRICT
    results = (_report(packet, options) for packet in _packets(sys.stdin.buffer))
    if as_json:
        for result in results:
            typer.echo(json.dumps(result, ensure_ascii=False))
    else:
        Console().print(_table(results))


def _packets(stream: Iterable[bytes]) -> Iterator[bytes]:
    """Packets from input lines: a CR LF ending is kept, a bare LF removed, blank lines skipped."""
    for line in stream:
        packet = line if line.endswith(b"\r\n") else line.removesuffix(b"\n")
        if packet.strip():
            yield packet


def _report(packet: bytes, options: hj212.ParseOptions) -> dict[str, Any]:
    try:
        message = hj212.parse(packet, options)
    except hj212.Hj212Error as error:
        return {
            "ok": False,
            "error": error.kind,
            "detail": error.detail,
            "field": error.field,
            "offset": error.offset,
        }
    return _message_json(message)


def _message_json(message: hj212.Message) -> dict[str, Any]:
    """The message as JSON: header as sent (PW left out), DataTime, values, other CP items."""
    result: dict[str, Any] = {"ok": True}
    result.update({name: value for name, value in message.header() if name != "PW"})
    for name in ("QN", "Flag"):
        result.setdefault(name, None)
    result["DataTime"] = message.cp.get("DataTime")
    result["values"] = message.values
    result["cp"] = message.cp.fields()
    return result


def _table(results: Iterable[dict[str, Any]]) -> Table:
    table = Table(title="HJ 212 packets")
    for column in ("#", "result", "ST", "CN", "MN", "DataTime", "values or error"):
        table.add_column(column)
    for number, result in enumerate(results, start=1):
        if result["ok"]:
            values = "; ".join(
                f"{code} " + ",".join(f"{k}={v}" for k, v in items.items())
                for code, items in result["values"].items()
            )
            row = [
                "ok",
                result["ST"],
                result["CN"],
                result.get("MN") or "",
                result["DataTime"] or "",
            ]
            table.add_row(str(number), *row, values or _plain_items(result["cp"]))
        else:
            table.add_row(
                str(number), f"[red]{result['error']}[/red]", "", "", "", "", result["detail"]
            )
    return table


def _plain_items(items: dict[str, str]) -> str:
    return "; ".join(f"{key}={value}" for key, value in items.items())
