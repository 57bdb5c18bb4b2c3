"""Plain SQL for the few hot paths, on SQLite and PostgreSQL alike.

Settlements are serial (one journal head), so what each costs is what the registry can
settle per second. Building a query through the ORM costs more than running it (about
0.3-0.8 ms of Python against 0.05 ms for the round trip here), and the ORM's PostgreSQL
cursors send literal SQL that the server parses and plans every time. So the statements
of the journal and a settlement run (the journal gateway, ``rights.journal``, its only
user) are written out with the table and column names taken
from the models and read back as tuples. On PostgreSQL they are sent with parameters
bound on the server and prepared (parsed and planned once per connection: planning the
statements of a run cost the server more than running them); on SQLite they go to the
``sqlite3`` module's own cursor. On PostgreSQL a statement's text never depends on how many rows
it carries: lists go as one array (``any_of``) and rows as one JSON text (``rows_of``).
Everything else uses the ORM.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import sys
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model
from django.utils.dateparse import parse_date, parse_datetime

CHUNK = 500
# Executions of a statement on one connection before the driver prepares it (named, planned
# once by the server). Django leaves its own statements unprepared (``prepare_threshold``
# None: its cursors bind on the client); these are prepared at once, as they repeat.
PREPARE_THRESHOLD = 0


def table(model: type[Model]) -> str:
    return column(model._meta.db_table)


def column(name: str) -> str:
    """A quoted name (standard SQL double quotes: what both databases' ``quote_name``
    gives, without a lookup of the connection for each name)."""
    return f'"{name}"'


def cached(build: Callable[[int], str]) -> Callable[[int], str]:
    """A statement builder that depends only on a count (of values or rows) and on the
    database, remembered per database and count."""
    built: dict[tuple[bool, int], str] = {}

    def get(count: int) -> str:
        key = (_is_postgresql(), count)
        found = built.get(key)
        if found is None:
            found = built[key] = build(count)
        return found

    return get


def marks(count: int, width: int = 1) -> str:
    """``%s, %s`` for ``count`` values, or ``(%s, %s), (%s, %s)`` for rows of ``width``."""
    if width == 1:
        return ", ".join(["%s"] * count)
    row = "(" + ", ".join(["%s"] * width) + ")"
    return ", ".join([row] * count)


def for_update(of: str = "") -> str:
    """The row-lock clause where the database has one (SQLite locks the whole database
    at BEGIN IMMEDIATE instead)."""
    if not connection.features.has_select_for_update:
        return ""
    return f" FOR UPDATE OF {of}" if of else " FOR UPDATE"


@functools.cache
def _is_postgresql() -> bool:
    """The one database of this process (asked once: every use of ``connection`` is a
    lookup through a context-local proxy, which adds up on a hot path)."""
    return connection.vendor == "postgresql"


def when(value: datetime) -> Any:
    """A timestamp as a row value (:func:`rows_of`) takes it: ISO text with its offset on
    PostgreSQL (the JSON rows' text, without a callback per value); on SQLite the text the
    ORM stores (UTC without an offset, ``adapt_datetimefield_value``)."""
    if _is_postgresql():
        return value.isoformat()
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return str(value)


def day(value: date) -> Any:
    """A date as a row value takes it: ISO text (``adapt_datefield_value``)."""
    return value.isoformat()


def timestamp(value: Any) -> datetime:
    """A timestamp as the database gave it back, made aware (stored in UTC)."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
        assert parsed is not None, value
        value = parsed
    assert isinstance(value, datetime), value
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def as_date(value: Any) -> date:
    if isinstance(value, str):
        parsed = parse_date(value)
        assert parsed is not None, value
        return parsed
    assert isinstance(value, date), value
    return value


def _prepared() -> bool:
    """Whether to prepare these statements (``DELTACAP_DB_PREPARED``, on by default; off
    behind a connection pooler in transaction mode that does not keep prepared
    statements)."""
    from django.conf import settings

    return bool(getattr(settings, "DELTACAP_DB_PREPARED", True))


@contextlib.contextmanager
def cursor() -> Iterator[Any]:
    """A cursor for these statements. On PostgreSQL it binds parameters on the server and
    prepares each statement at its first use on the connection (the ORM's cursors send
    literal SQL, which the server parses and plans every time: most of what a short
    statement costs), unless ``DELTACAP_DB_PREPARED`` is off. On SQLite it is the
    module's own cursor (:class:`_QmarkCursor`). Errors come out as Django's database
    errors, as from any other cursor."""
    if not _is_postgresql():
        connection.ensure_connection()
        with connection.wrap_database_errors:
            plain = _QmarkCursor(connection.connection.cursor())
            try:
                yield plain
            finally:
                plain.close()
        return
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None and _prepared():
        raw.prepare_threshold = PREPARE_THRESHOLD
    with connection.wrap_database_errors, psycopg.Cursor(raw) as server:
        yield server


def generic_plans() -> None:
    """For the rest of the transaction, have PostgreSQL run prepared statements on their
    generic plan, made once (at their first use, and again by :func:`replan_when_grown`)
    rather than planned again on most executions: its default keeps planning a statement
    afresh when its generic plan does not look cheaper, and planning costs more than
    running these short statements. Their plans stay good as the tables grow because
    they look rows up by key (``= ANY`` of a list, a range of sequence numbers), never by
    a join on rows given as JSON alone. Nothing on SQLite or when nothing is prepared."""
    if _is_postgresql() and _prepared():
        execute("SET LOCAL plan_cache_mode = force_generic_plan")


# Growth (in rows of the table a caller watches) past twice the size at the last planning,
# plus this, after which a connection's prepared statements are planned again.
REPLAN_AFTER = 1000
_planned_at: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


def replan_when_grown(size: int) -> None:
    """Have this connection's prepared statements planned again once ``size`` (the rows of
    a table that grows with the others, such as the journal) has more than doubled
    since they were planned.

    PostgreSQL keeps a prepared statement's generic plan for the life of the connection,
    until an ANALYZE of a table it reads invalidates it. A plan made while the tables were
    nearly empty scans them whole; as they grow, every use costs more (seen: looking up
    the settlements of 8 trades by a unique index took 0.43 ms as a scan of 8,000 rows
    instead of 0.01 ms). ``DEALLOCATE ALL`` drops them, and the driver its cache with
    them: they are prepared and planned again at their next use, so at most about
    log2(size) times over a connection's life. Not inside a pipeline (statements already
    sent there name the old ones); nothing on SQLite, which plans every statement."""
    if not _is_postgresql():
        return
    raw = connection.connection
    if raw is None or raw.prepare_threshold is None or raw.pgconn.pipeline_status:
        return
    planned = _planned_at.get(raw)
    if planned is not None and size <= 2 * planned + REPLAN_AFTER:
        return
    if planned is not None:
        with cursor() as c:
            c.execute("DEALLOCATE ALL", prepare=False)
    _planned_at[raw] = size


@functools.lru_cache(maxsize=4096)
def _qmark(query: str) -> str:
    """``%s`` marks as SQLite's ``?`` (what Django's SQLite cursor does with a regular
    expression on every call; these statements repeat, so it is done once each)."""
    return _FORMAT_MARK.sub("?", query).replace("%%", "%")


_FORMAT_MARK = re.compile(r"(?<!%)%s")


class _QmarkCursor:
    """The SQLite module's own cursor, taking statements with ``%s`` marks: Django's
    cursor wrapper costs more per statement than SQLite takes to run a short one. It is
    used inside Django's transaction (which began it), errors wrapped as Django's."""

    __slots__ = ("_cursor",)

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def execute(self, query: str, params: Sequence[Any] = ()) -> None:
        self._cursor.execute(_qmark(query), params)

    def executemany(self, query: str, rows: Sequence[Sequence[Any]]) -> None:
        self._cursor.executemany(_qmark(query), rows)

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    def close(self) -> None:
        self._cursor.close()


@contextlib.contextmanager
def pipeline() -> Iterator[None]:
    """On PostgreSQL, statements sent inside go out without waiting for each answer (the
    driver's pipeline mode) until a result is asked for or the block ends; errors come out
    there. Inside another pipeline it is that one (the driver would wait for the statements
    already sent when a pipeline is entered inside another). Elsewhere nothing changes."""
    if not _is_postgresql():
        yield
        return
    connection.ensure_connection()
    if connection.connection.pgconn.pipeline_status:
        yield
        return
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


@contextlib.contextmanager
def pipelined_transaction(begin: str) -> Iterator[None]:
    """Inside Django's ``atomic`` block (PostgreSQL): the transaction begun by ``begin``
    (``BEGIN ISOLATION LEVEL ...``) and ended by COMMIT, both sent by this block in one
    pipeline with the statements between them. The first answer read waits for BEGIN and
    what follows it, and the COMMIT goes out with the statements not yet read, in the round
    trip that ends the block: no round trip of their own (the driver would wait for the
    answer to a BEGIN of its own, and Django's COMMIT would be one more). Django's commit at
    the end of its block finds the transaction ended and sends nothing; its ``on_commit``
    callbacks run then, after the COMMIT, as always. When the block fails, the transaction
    is rolled back here and the error raised for Django's block to handle."""
    connection.ensure_connection()
    raw = connection.connection
    # The driver's own transaction is off while this block sends BEGIN and COMMIT itself.
    raw.autocommit = True
    try:
        with connection.wrap_database_errors, raw.pipeline():
            with cursor() as c:
                c.execute(begin, prepare=False)
            yield
            with cursor() as c:
                c.execute("COMMIT", prepare=False)
    finally:
        from psycopg import pq

        if not raw.closed and raw.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            raw.execute("ROLLBACK")
        if not raw.closed:
            raw.autocommit = False


def select(query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with cursor() as c:
        c.execute(query, list(params))
        return list(c.fetchall())


def later(query: str, params: Sequence[Any] = ()) -> Callable[[], list[tuple[Any, ...]]]:
    """Send a query now and read its rows when the returned function is called: inside
    :func:`pipeline` several queries then cost one round trip to PostgreSQL."""
    manager = cursor()
    c = manager.__enter__()
    try:
        c.execute(query, list(params))
    except BaseException:
        manager.__exit__(*sys.exc_info())
        raise

    def rows() -> list[tuple[Any, ...]]:
        try:
            found = list(c.fetchall())
        except BaseException:
            manager.__exit__(*sys.exc_info())  # raises it as Django's error
            raise
        manager.__exit__(None, None, None)
        return found

    return rows


def execute(query: str, params: Sequence[Any] = ()) -> None:
    with cursor() as c:
        c.execute(query, list(params))


def arrays() -> bool:
    """Whether lists and rows go to the database as one parameter each (PostgreSQL: an
    array in binary, ``%b``, or a JSON text): statements then keep one text whatever the
    number of values, so the driver need not parse a long statement again and the server
    plans it once."""
    return _is_postgresql()


def any_of(count: int) -> str:
    """What follows a column to test it against ``count`` values (:func:`any_params`)."""
    return " = ANY(%b)" if arrays() else f" IN ({marks(count)})"


def any_params(values: Iterable[Any]) -> list[Any]:
    return [list(values)] if arrays() else list(values)


@functools.cache
def _db_type(model: type[Model], name: str, vendor: str) -> str:
    for field in model._meta.concrete_fields:
        if field.column == name:
            found = field.db_type(connection)
            assert found is not None, name
            return found
    raise KeyError(name)


def rows_of(
    model: type[Model], columns: Sequence[str], count: int, types: dict[str, str] | None = None
) -> str:
    """A FROM item ``v`` of ``count`` rows whose columns are named ``columns`` (typed like
    ``model``'s columns of those names, or by ``types``); its values are
    :func:`rows_params`.

    PostgreSQL: the rows travel as one JSON text (a list of lists, encoded by the standard
    library's C encoder) that the server takes apart; the driver then handles one
    parameter instead of one per value, which is most of what an insert cost it. SQLite:
    VALUES. The text is built once per model, columns and count (any count on PostgreSQL).
    """
    typed = tuple(sorted((types or {}).items()))
    return _rows_of(model, tuple(columns), 0 if arrays() else count, typed, arrays())


@functools.lru_cache(maxsize=1024)
def _rows_of(
    model: type[Model],
    columns: tuple[str, ...],
    count: int,
    typed: tuple[tuple[str, str], ...],
    json_rows: bool,
) -> str:
    if json_rows:
        types = dict(typed)
        vendor = connection.vendor
        picked = []
        for i, c in enumerate(columns):
            kind = types.get(c) or _db_type(model, c, vendor)
            if kind in ("jsonb", "json"):
                value = f"NULLIF((r -> {i})::jsonb, 'null'::jsonb)::{kind}"
            else:
                value = f"(r ->> {i})::{kind}"
            picked.append(f"{value} AS {column(c)}")
        return f"(SELECT {', '.join(picked)} FROM json_array_elements(%s::json) AS r) AS v"
    picked_ = ", ".join(f"column{i} AS {column(c)}" for i, c in enumerate(columns, 1))
    return f"(SELECT {picked_} FROM (VALUES {marks(count, len(columns))})) AS v"


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    obj = getattr(value, "obj", _MISSING)  # psycopg's Jsonb wrapper
    if obj is not _MISSING:
        return obj
    raise TypeError(f"cannot send {type(value).__name__} as a row value")


_MISSING = object()


def rows_params(rows: Sequence[Sequence[Any]], width: int) -> list[Any]:
    if arrays():
        return [json.dumps(rows, default=_json_value, ensure_ascii=False)]
    return [v for row in rows for v in row]


def insert(
    model: type[Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    key: str | None = None,
) -> dict[Any, int]:
    """Insert ``rows`` (values in the order of ``columns``): one statement on PostgreSQL,
    statements of ``CHUNK`` rows on SQLite. With ``key`` (a unique column among
    ``columns``), return each row's new primary key by its ``key`` value (RETURNING gives
    no order to rely on)."""
    names = ", ".join(column(c) for c in columns)
    tail = ""
    if key is not None:
        tail = f" RETURNING {column(model._meta.pk.column)}, {column(key)}"
    ids: dict[Any, int] = {}
    batch = list(rows)
    if not batch:
        return ids
    size = len(batch) if arrays() else CHUNK
    with cursor() as c:
        for start in range(0, len(batch), size):
            part = batch[start : start + size]
            c.execute(
                f"INSERT INTO {table(model)} ({names}) "
                f"SELECT {names} FROM {rows_of(model, columns, len(part))}{tail}",
                rows_params(part, len(columns)),
            )
            if key is not None:
                ids.update((k, pk) for pk, k in c.fetchall())
    return ids


def loaded(instance: Model) -> Model:
    """Mark an instance built from a row as one that is in the database."""
    instance._state.adding = False
    instance._state.db = DEFAULT_DB_ALIAS
    return instance
