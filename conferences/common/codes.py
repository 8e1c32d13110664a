"""Readable codes (e.g. HH26-7KQ4M): body prefix, 2-digit year, 5 characters without look-alikes."""

import secrets
from collections.abc import Collection

from django.apps import apps
from django.db import connections

# No 0/O, 1/I/L: a code read over the phone or copied from paper must not be ambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_RANDOM_LENGTH = 5
CODE_MAX_LENGTH = 16
MAX_ATTEMPTS = 20

# A model whose class sets READABLE_CODE_FIELD takes part in deployment-wide uniqueness: a code is never
# handed out twice, even across tables (a lookup by code must name one thing). Found through the app
# registry so that conferences imports no other app.


class CodeGenerationError(RuntimeError):
    """Raised when no free code was found after MAX_ATTEMPTS tries (the code space is exhausted)."""


def random_part(length: int = CODE_RANDOM_LENGTH) -> str:
    """Random characters from the look-alike-free alphabet, from the `secrets` generator."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def code_in_use(code: str) -> bool:
    """Whether any code-bearing model already holds `code`."""
    for model in apps.get_models():
        field = getattr(model, "READABLE_CODE_FIELD", None)
        if field and model._default_manager.filter(**{field: code}).exists():
            return True
    return False


_IN_USE_SQL: dict[tuple[int, str], tuple[str, int]] = {}


def _code_models() -> list[tuple[str, str]]:
    """(table, column) of every code-bearing model."""
    return [(m._meta.db_table, m._meta.get_field(m.READABLE_CODE_FIELD).column)
            for m in apps.get_models() if getattr(m, "READABLE_CODE_FIELD", None)]


def codes_in_use(candidates: Collection[str], using: str = "default") -> set[str]:
    """Which of `candidates` any code-bearing model already holds, in one statement whose text is built once
    per number of candidates (the registration POST asks this on every submission)."""
    if not candidates:
        return set()
    connection = connections[using]
    key = (len(candidates), connection.vendor)
    if key not in _IN_USE_SQL:
        qn = connection.ops.quote_name
        marks = ", ".join(["%s"] * len(candidates))
        tables = _code_models()
        # Table and column names from the models' metadata, quoted; the codes are parameters.
        select = "SELECT {column} FROM {table} WHERE {column} IN ({marks})"  # noqa: S608
        _IN_USE_SQL[key] = (" UNION ALL ".join(
            select.format(column=qn(column), table=qn(table), marks=marks) for table, column in tables), len(tables))
    sql, parts = _IN_USE_SQL[key]
    with connection.cursor() as cursor:
        cursor.execute(sql, list(candidates) * parts)
        return {row[0] for row in cursor.fetchall()}


def generate_code(*, prefix: str, year: int) -> str:
    """A fresh code `<PREFIX><YY>-<5 chars>` not used by any code-bearing model; raises CodeGenerationError.

    The database's unique constraint remains the final guard against a concurrent insert of the same code.
    """
    head = f"{prefix.upper()}{year % 100:02d}-"
    for _attempt in range(MAX_ATTEMPTS):
        code = head + random_part()
        if not code_in_use(code):
            return code
    raise CodeGenerationError(f"no free code for {head}")


def is_valid_code(code: str) -> bool:
    """Whether `code` has the shape of a readable code (used to reject garbage before a lookup)."""
    head, sep, tail = code.rpartition("-")
    return (
        bool(sep)
        and len(tail) == CODE_RANDOM_LENGTH
        and all(c in CODE_ALPHABET for c in tail)
        and len(head) >= 3
        and head[-2:].isdigit()
        and head[:-2].isalpha()
    )
