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
    # Names from the model's metadata, quoted; every value is a parameter.
    sql = "INSERT INTO {table} ({columns}) VALUES {rows} RETURNING {pk}".format(  # noqa: S608, UP032  # nosec B608
        table=quote(meta.db_table), columns=columns, rows=", ".join([row] * rows), pk=quote(meta.pk.column))
    return sql, fields


def _values(obj: models.Model, fields, connection) -> list:
    # As save() and bulk_create() do: take a related object's key assigned after the relation was set, and
    # refuse an unsaved related object.
    obj._prepare_related_fields_for_save(operation_name="fast_insert")
    return [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]


def _mark_saved(obj: models.Model, key, using: str) -> None:
    obj.pk = key
    obj._state.adding = False
    obj._state.db = using


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
        params.extend(_values(obj, fields, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        keys = [row[0] for row in cursor.fetchall()]
    for obj, key in zip(objs, keys, strict=True):
        _mark_saved(obj, key, using)
    return objs


def insert_pairs(parents: list[models.Model], children: list[models.Model], *, link: str, key: str,
                 using: str = DEFAULT_DB) -> None:
    """INSERT `parents` and, for each, the child at the same position, whose foreign key `link` points to it.

    On PostgreSQL one statement does both (a data-modifying WITH): the children find their parent by the
    parent's unique field `key`, whose values must be set and distinct. Elsewhere, two statements.
    """
    if len(parents) != len(children):
        raise ValueError("one child per parent")
    if not parents:
        return
    connection = connections[using]
    if connection.vendor != "postgresql":
        insert(parents, using)
        for parent, child in zip(parents, children, strict=True):
            setattr(child, link, parent)
        insert(children, using)
        return
    parent_model, child_model = type(parents[0]), type(children[0])
    keys = [getattr(p, key) for p in parents]
    if not all(keys) or len(set(keys)) != len(keys):
        raise ValueError(f"fast_insert.insert_pairs needs distinct {key} values")
    sql, parent_fields, child_fields = _pair_statement(parent_model, child_model, link, key, len(parents),
                                                       connection)
    params = []
    for parent in parents:
        params.extend(_values(parent, parent_fields, connection))
    for parent, child in zip(parents, children, strict=True):
        # The link is filled in by the statement; the child's own values go beside its parent's key.
        params.append(getattr(parent, key))
        params.extend(f.get_db_prep_save(f.pre_save(child, True), connection) for f in child_fields)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    for parent, child in zip(parents, children, strict=True):
        parent_pk, child_pk = rows[getattr(parent, key)]
        _mark_saved(parent, parent_pk, using)
        setattr(child, link, parent)
        _mark_saved(child, child_pk, using)


_pair_statements: dict[tuple, tuple] = {}


def _pair_statement(parent_model, child_model, link: str, key: str, rows: int, connection):
    cache_key = (parent_model, child_model, link, key, rows)
    if cache_key not in _pair_statements:
        qn = connection.ops.quote_name
        parent_sql, parent_fields = _build(parent_model, rows, qn)
        parent_pk = parent_model._meta.pk.column
        key_field = parent_model._meta.get_field(key)
        link_field = child_model._meta.get_field(link)
        child_fields = tuple(f for f in _build(child_model, 1, qn)[1] if f is not link_field)
        # Parameters in a VALUES list outside an INSERT have no column to take their type from: cast each.
        row = "(" + ", ".join(f"%s::{f.cast_db_type(connection)}"
                              for f in (key_field, *child_fields)) + ")"
        names = ", ".join(["k", *(f"c{i}" for i in range(len(child_fields)))])
        columns = ", ".join(qn(f.column) for f in (link_field, *child_fields))
        # Names from the models' metadata, quoted; every value is a parameter.
        template = (  # noqa: S608
            "WITH parent AS ({insert} RETURNING {ppk}, {key}), "
            "child AS (INSERT INTO {child} ({columns}) SELECT parent.{ppk}, {picks} "
            "FROM parent JOIN (VALUES {rows}) AS v({names}) ON v.k = parent.{key} RETURNING {link}, {cpk}) "
            "SELECT parent.{key}, parent.{ppk}, child.{cpk} FROM parent JOIN child ON child.{link} = parent.{ppk}")
        sql = template.format(
            insert=parent_sql.rsplit(" RETURNING ", 1)[0], ppk=qn(parent_pk), key=qn(key_field.column),
            child=qn(child_model._meta.db_table), columns=columns,
            picks=", ".join(f"v.c{i}" for i in range(len(child_fields))), rows=", ".join([row] * rows), names=names,
            link=qn(link_field.column), cpk=qn(child_model._meta.pk.column))
        _pair_statements[cache_key] = (sql, parent_fields, child_fields)
    return _pair_statements[cache_key]
