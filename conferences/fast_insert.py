"""Plain multi-row INSERTs for the public registration's hot path, with the SQL built once per model and count.

`Model.save()` and `QuerySet.bulk_create()` compile their INSERT anew on every call; for the six rows of a
registration (registration, submission, petitions, their events, outbox message and its event) that
compilation was about a third of the request's Python time (issue 11's profile). `insert()` keeps the
statement text per (model, number of rows, database vendor) and only converts the values.

What it does not do, on purpose: send pre_save / post_save signals (nothing listens for these models; the
admin and the services save through the ORM as before), run `Model.save()` overrides (callers normalise the
text and fill codes themselves, as for bulk_create), or save files (FileFields are refused). The statements go
through Django's cursor, so query logging, `assertNumQueries` and execute wrappers see them.
"""

from __future__ import annotations

from django.db import connections, models
from django.db.models.fields import AutoFieldMixin

DEFAULT_DB = "default"
_statements: dict[tuple, tuple[str, tuple[models.Field, ...]]] = {}


def _statement(model: type[models.Model], rows: int, connection) -> tuple[str, tuple[models.Field, ...]]:
    key = (model, rows, connection.vendor)
    if key not in _statements:
        _statements[key] = _build(model, rows, connection.ops.quote_name)
    return _statements[key]


def _build(model: type[models.Model], rows: int, quote) -> tuple[str, tuple[models.Field, ...]]:
    meta = model._meta
    fields = tuple(f for f in meta.concrete_fields if not isinstance(f, AutoFieldMixin))
    for f in fields:
        if isinstance(f, models.FileField):
            raise TypeError(f"fast_insert cannot save files ({model.__name__}.{f.name}); use the ORM")
    columns = ", ".join(quote(f.column) for f in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([row] * rows)} "
           f"RETURNING {quote(meta.pk.column)}")
    return sql, fields


def insert(objs: list[models.Model], using: str = DEFAULT_DB) -> list[models.Model]:
    """INSERT `objs` (all of one model, not yet saved) in one statement and set their primary keys.

    Field defaults are already on the instances; auto_now / auto_now_add are applied here as save() would.
    Falls back to bulk_create on a database that cannot return the new keys of a multi-row insert.
    """
    if not objs:
        return objs
    model = type(objs[0])
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:
        return model._default_manager.using(using).bulk_create(objs)
    sql, fields = _statement(model, len(objs), connection)
    params = []
    for obj in objs:
        if type(obj) is not model:
            raise TypeError("fast_insert.insert takes objects of one model")
        # As save() and bulk_create() do: take a related object's key assigned after the relation was set,
        # and refuse an unsaved related object.
        obj._prepare_related_fields_for_save(operation_name="fast_insert")
        params.extend(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        keys = [row[0] for row in cursor.fetchall()]
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = using
    return objs
