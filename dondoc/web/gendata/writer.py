"""Bulk rows into the database, bypassing the ORM: PostgreSQL `COPY … FROM STDIN`
(psycopg 3's row writer, in C), SQLite `executemany`. A million tasks and ten million events load in
minutes this way; `Model.objects.bulk_create` would take hours.

The caller gives the values of the columns it knows; every other concrete column of the
model gets the field's default, so a field added later by a migration (with a default)
does not break the generator. Values are Python objects (dates, aware datetimes, dicts
for JSON columns); the writer formats them for the database in use. Derived columns the
ORM would fill in `save()` (folded names, unit paths) are the caller's job.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable, Sequence

from django.db import connection, models

UTC = dt.UTC

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json(value) -> str:
    if not value:
        return "{}" if isinstance(value, dict) else "[]"
    return _encode(value)


def _same(value):
    return value


def _json_or_none(value):
    return None if value is None else _json(value)


def _sqlite_value(value):
    kind = type(value)
    if kind is dt.datetime:
        # As Django stores them on SQLite: UTC, naive, "YYYY-MM-DD HH:MM:SS[.ffffff]".
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if kind is dt.date:
        return value.isoformat()
    if kind is bool:
        return int(value)
    return value


class Table:
    """Rows of one model, buffered until `Bulk.flush`."""

    def __init__(self, bulk: Bulk, model: type[models.Model], columns: Sequence[str]):
        self.model = model
        fields = {f.attname: f for f in model._meta.local_concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ValueError(f"{model.__name__} has no column {unknown}")
        # An id not given is the database's to assign.
        rest = [f for name, f in fields.items() if name not in columns and not f.primary_key]
        # Defaults are computed once: a callable default giving unique values (a token)
        # must be passed explicitly. "" is the default of a text column without one.
        self.defaults = tuple(f.get_default() for f in rest)
        missing = [f.attname for f, d in zip(rest, self.defaults, strict=True) if d is None and not f.null]
        if missing:
            raise ValueError(f"{model.__name__}: no value and no default for {missing}")
        self.fields = [fields[c] for c in columns] + rest
        self.columns = [f.column for f in self.fields]
        is_json = [isinstance(f, models.JSONField) for f in self.fields]
        if bulk.vendor == "postgresql":
            # psycopg adapts (and escapes) the rest itself, in C.
            self.formatters = [_json_or_none if j else _same for j in is_json]
        else:
            self.formatters = [_json_or_none if j else _sqlite_value for j in is_json]
        self.json_positions = [i for i, j in enumerate(is_json) if j]
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, *values) -> None:
        self.rows.append(values)
        self.count += 1

    def __len__(self) -> int:
        return len(self.rows)


class Bulk:
    """The tables being filled, flushed in the order they were declared (parents first)."""

    def __init__(self):
        connection.ensure_connection()
        self.vendor = connection.vendor
        self.tables: list[Table] = []

    def table(self, model: type[models.Model], columns: Iterable[str]) -> Table:
        table = Table(self, model, list(columns))
        self.tables.append(table)
        return table

    def pending(self) -> int:
        return sum(len(t) for t in self.tables)

    def flush(self) -> None:
        with connection.cursor() as cursor:
            for table in self.tables:
                if not table.rows:
                    continue
                if self.vendor == "postgresql":
                    self._copy(cursor, table)
                else:
                    self._insert(cursor, table)
                table.rows.clear()

    def _copy(self, cursor, table: Table) -> None:
        name = connection.ops.quote_name(table.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
        defaults = table.defaults
        json_positions = table.json_positions
        with cursor.cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
            write = copy.write_row
            if not json_positions:
                for row in table.rows:
                    write(row + defaults)
                return
            for row in table.rows:
                values = list(row + defaults)
                for i in json_positions:
                    values[i] = _json_or_none(values[i])
                write(values)

    def _insert(self, cursor, table: Table) -> None:
        name = connection.ops.quote_name(table.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
        marks = ", ".join(["%s"] * len(table.columns))
        formatters = table.formatters
        defaults = table.defaults
        rows = [[f(v) for f, v in zip(formatters, row + defaults, strict=True)] for row in table.rows]
        cursor.executemany(f"INSERT INTO {name} ({columns}) VALUES ({marks})", rows)


@contextlib.contextmanager
def bulk_load(model_list: Iterable[type[models.Model]]):
    """Around a bulk load into empty PostgreSQL tables: drop their secondary indexes and
    build them again at the end (one sort each instead of millions of insertions), and,
    for a superuser, skip the foreign-key triggers for this session (the generator
    assigns every id itself; its SQLite run, which keeps them, is tested)."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in model_list]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [tables],
        )
        saved = cursor.fetchall()
        for name, _definition in saved:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = cursor.fetchone()[0]
        if superuser:
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET synchronous_commit = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if superuser:
                cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("SET synchronous_commit = DEFAULT")
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in saved:
                cursor.execute(definition)
            cursor.execute("RESET maintenance_work_mem")


def next_id(model: type[models.Model]) -> int:
    """The first free primary key of `model` (ids are assigned by the generator)."""
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(model_list: Iterable[type[models.Model]]) -> None:
    """Move PostgreSQL's id sequences past the ids written (SQLite's AUTOINCREMENT follows)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
