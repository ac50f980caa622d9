"""Prepared statements for the few queries that run on every request of a hot path.

Django's PostgreSQL backend binds parameters on the client, so PostgreSQL plans every query
again. For a query joining several tables, planning costs several times what executing it does
(the check-in decision: about 0.5 ms of planning for 0.05 ms of work). ``fetch_one_prepared``
prepares such a query once per database connection (``PREPARE``) and then runs it with
``EXECUTE``; PostgreSQL keeps the plan for the life of the connection. The statement still goes
through Django's cursor, so query logging and query-count tests see it. ``insert_prepared`` does
the same for the INSERT of a hot path's row (a scan), which also spares Django's save() machinery.

Prepared statements belong to a server session. Behind a pooler in transaction mode (PgBouncer
``pool_mode = transaction``) consecutive queries may reach different sessions: set
``DATABASE_PREPARED_STATEMENTS=false`` there. On other databases the query runs as written.
"""

import functools
import hashlib
import re
import weakref
from datetime import datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.db.models.signals import post_save, pre_save

_PLACEHOLDER = re.compile(r"%s")
# Raw connections (psycopg) -> names of the statements prepared on them. A new connection (after a
# reconnect) is a new key, so its statements are prepared again.
_prepared: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()


def _numbered(sql: str) -> str:
    """``%s`` placeholders as PostgreSQL's ``$1, $2 ...`` (one number per placeholder)."""
    counter = iter(range(1, 10_000))
    return _PLACEHOLDER.sub(lambda _match: f"${next(counter)}", sql)


@functools.lru_cache(maxsize=64)
def statement_name(sql: str) -> str:
    return "govconf_" + hashlib.sha1(sql.encode(), usedforsecurity=False).hexdigest()[:16]


def fetch_one_prepared(sql: str, params: list) -> tuple | None:
    """The first row of ``sql`` (``%s`` placeholders) with ``params``, through a prepared
    statement on PostgreSQL."""
    # The connection itself, not django.db.connection: the proxy looks the connection up again
    # at every attribute, which a hot path notices.
    db = connections[DEFAULT_DB_ALIAS]
    with db.cursor() as cursor:
        if not _use_prepared(db):
            cursor.execute(sql, params)
            return cursor.fetchone()
        name = statement_name(sql)
        names = _prepared.setdefault(db.connection, set())
        if name not in names:
            # Prepared statements outlive the transaction they were made in, even a rolled back
            # one; remember the name only once PostgreSQL has accepted it.
            cursor.execute(f"PREPARE {name} AS {_numbered(sql)}")
            names.add(name)
        placeholders = ", ".join(["%s"] * len(params))
        cursor.execute(f"EXECUTE {name} ({placeholders})", params)
        return cursor.fetchone()


def first_row(model, filters: dict, *, null: tuple[str, ...] = (), for_update: bool = False):
    """The first row (by primary key) of ``model`` whose fields equal ``filters`` and whose
    fields ``null`` are NULL, loaded as the ORM loads it (every concrete field), or None. A
    statement prepared once per connection on PostgreSQL (``FOR UPDATE`` if asked), the ORM
    elsewhere."""
    db = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    if not _use_prepared(db):
        qs = model._default_manager.filter(**filters, **{f"{n}__isnull": True for n in null})
        return (qs.select_for_update() if for_update else qs).order_by("pk").first()
    fields = meta.concrete_fields
    quote = db.ops.quote_name
    where = [f"{quote(meta.get_field(name).column)} = %s" for name in filters]
    where += [f"{quote(meta.get_field(name).column)} IS NULL" for name in null]
    row = fetch_one_prepared(
        f"SELECT {', '.join(quote(field.column) for field in fields)} "  # noqa: S608
        f"FROM {quote(meta.db_table)} WHERE {' AND '.join(where)} "
        f"ORDER BY {quote(meta.pk.column)} LIMIT 1{' FOR UPDATE' if for_update else ''}",
        list(filters.values()))
    if row is None:
        return None
    return model.from_db(db.alias, [field.attname for field in fields], row)


def _use_prepared(db) -> bool:
    return db.vendor == "postgresql" and settings.DATABASE_PREPARED_STATEMENTS


def insert_prepared(instance, *, unless_taken: str | None = None) -> bool:
    """``instance.save(force_insert=True)`` for a new row of a hot path, through a statement
    prepared once per connection on PostgreSQL: the same values (``auto_now_add`` included), the
    same ``pre_save``/``post_save`` signals, the primary key set from ``RETURNING``, and
    IntegrityError for a row the database refuses; without the ORM's query compiler. A model with
    parents (multi-table inheritance), or another database, gets ``save()`` itself.

    ``unless_taken`` names a field with a unique constraint (a random code): a row whose value
    there is already taken is not written and the call returns False (no ``post_save``), so the
    caller draws again, with no savepoint to set and release around each attempt
    (``ON CONFLICT (...) DO NOTHING``). Returns True when the row is written.
    """
    model = type(instance)
    meta = model._meta
    db = connections[DEFAULT_DB_ALIAS]
    if not _use_prepared(db) or meta.parents:
        return _save_unless_taken(instance, unless_taken)
    instance._prepare_related_fields_for_save(operation_name="save")
    using = db.alias
    pre_save.send(sender=model, instance=instance, raw=False, using=using, update_fields=None)
    pk = meta.pk
    fields, sql = _insert_statement(model, getattr(instance, pk.attname) is not None,
                                    unless_taken)
    values = [_db_value(field, kind, instance, db) for field, kind in fields]
    row = fetch_one_prepared(sql, values)
    if row is None:  # ON CONFLICT DO NOTHING: the code is taken
        return False
    setattr(instance, pk.attname, row[0])
    instance._state.adding = False
    instance._state.db = using
    post_save.send(sender=model, instance=instance, created=True, update_fields=None, raw=False,
                   using=using)
    return True


def _save_unless_taken(instance, unless_taken: str | None) -> bool:
    """``save()`` for the databases and models insert_prepared does not prepare for."""
    if unless_taken is None:
        instance.save(force_insert=True)
        return True
    try:
        with transaction.atomic():  # a refused row must leave the caller's transaction usable
            instance.save(force_insert=True)
    except IntegrityError:
        value = getattr(instance, instance._meta.get_field(unless_taken).attname)
        if type(instance)._default_manager.filter(**{unless_taken: value}).exists():
            return False
        raise  # another constraint refused the row
    return True


# What each field class (exactly it, not a subclass) passes unchanged through
# get_db_prep_save(pre_save(...)) on PostgreSQL: a str in a CharField, an int in a foreign key to
# an integer key, a bool in a BooleanField, an aware datetime in a DateTimeField with no
# auto_now, and None. insert_prepared passes such values as they are; any other value (a lazy
# translation, a naive datetime, an int in a BooleanField...) and any other field (an
# IntegerField's value is sent as psycopg's Int2/Int4/Int8) goes through the field as save()
# would.
_PLAIN_KIND = {
    models.CharField: str, models.TextField: str, models.EmailField: str, models.SlugField: str,
    models.BooleanField: bool, models.DateTimeField: datetime, models.ForeignKey: int,
}
_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField)


def _plain_kind(field) -> type | None:
    """The type whose values ``field`` stores unchanged (see _PLAIN_KIND), or None."""
    kind = _PLAIN_KIND.get(type(field))
    if type(field) is models.DateTimeField and (field.auto_now or field.auto_now_add):
        return None
    if type(field) is models.ForeignKey and type(field.target_field) not in _INTEGER_KEYS:
        return None
    return kind


def _db_value(field, kind: type | None, instance, db):
    """What ``field.get_db_prep_save(field.pre_save(instance, True), db)`` gives, without the
    field's method calls for a value of its plain ``kind``: a hot path's INSERT notices them (a
    scan's twenty columns: 60 µs against 4)."""
    if kind is not None:
        value = getattr(instance, field.attname)
        if value is None or type(value) is kind and (
                kind is not datetime or value.tzinfo is not None):
            return value
        if kind is str and isinstance(value, str):
            return value  # a TextChoices member: CharField.to_python returns it as it is
    return field.get_db_prep_save(field.pre_save(instance, True), db)


@functools.lru_cache(maxsize=32)
def _insert_statement(model, with_pk: bool,
                      unless_taken: str | None = None) -> tuple[list[tuple], str]:
    """The fields an INSERT of ``model`` writes, each with the type of value it stores unchanged
    (_plain_kind), and its SQL (``%s`` placeholders)."""
    meta = model._meta
    fields = [f for f in meta.local_concrete_fields if with_pk or f is not meta.pk]
    quote = connection.ops.quote_name
    # Table and column names from the model, quoted; every value is a parameter.
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    conflict = ""
    if unless_taken is not None:
        conflict = f" ON CONFLICT ({quote(meta.get_field(unless_taken).column)}) DO NOTHING"
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders}){conflict} RETURNING {quote(meta.pk.column)}"  # noqa: E501, S608
    return [(f, _plain_kind(f)) for f in fields], sql
