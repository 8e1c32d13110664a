"""What a staff member typed into a form that reached the server after their session had ended (idle or absolute
limit): kept in the new, anonymous session (server-side, database) and shown to the same person, once, after
they log in again. Passwords, the CSRF token, files and the admin's technical fields are never kept."""

from __future__ import annotations

import re
import time

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

KEPT_INPUT_KEY = "accounts_kept_input"
# The user whose session just ended in this browser: a form posted from one of their pages after the logout
# (another tab, a keep-alive ping that arrived first) is theirs, and is kept too.
SESSION_ENDED_FOR_KEY = "accounts_session_ended_for"
# Most bytes (UTF-8) of text kept per session, all forms together: a long answer fits many times over.
KEPT_INPUT_MAX_BYTES = 100 * 1024

# Never kept: secrets, whatever the form (the names django-axes hides from its log, and any *password* field).
SECRET_NAME = re.compile(r"pass(word|wd)|secret|token|(^|[_-])otp|^code$", re.IGNORECASE)
# The admin's own fields, not typed by anyone: buttons (_save, _continue …), the action bar, delete
# confirmations, formset management forms, inline row ids and delete / order boxes, hidden initial values.
TECHNICAL_NAMES = frozenset({"csrfmiddlewaretoken", "action", "select_across", "index", "post", "next"})
TECHNICAL_NAME = re.compile(
    r"^_|^initial-|-(TOTAL_FORMS|INITIAL_FORMS|MIN_NUM_FORMS|MAX_NUM_FORMS|id|DELETE|ORDER)$")
INLINE_NAME = re.compile(r"^(?P<prefix>.+)-(?P<row>\d+)-(?P<field>[^-]+)$")
SPLIT_WIDGET_SUFFIX = re.compile(r"_\d$")  # the admin's date + time pair: received_at_0, received_at_1


def _model_field(model, name: str):
    """The model field behind a form field name (without the admin's _0 / _1 suffix of split widgets)."""
    for candidate in (name, SPLIT_WIDGET_SUFFIX.sub("", name)):
        try:
            return model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
    return None


def _inline_model(model, prefix: str):
    """The related model of an inline formset by its prefix (the reverse accessor's name by default)."""
    for relation in model._meta.related_objects:
        if relation.get_accessor_name() == prefix:
            return relation.related_model
    return None


def _describe(model, name: str) -> tuple[str, bool]:
    """(label to show, True when the field is typed text): a relation, a yes / no box or a list to choose from
    is picked, not typed, and is left out when the model says so; an unknown name is kept under its name."""
    if model is None:
        return name, True
    owner, field_name, row = model, name, None
    inline = INLINE_NAME.match(name)
    if inline and (related := _inline_model(model, inline["prefix"])) is not None:
        owner, field_name, row = related, inline["field"], int(inline["row"]) + 1
    field = _model_field(owner, field_name)
    if field is None:
        return name, True
    typed = not (field.is_relation or field.choices or isinstance(field, models.BooleanField))
    label = capfirst(str(getattr(field, "verbose_name", field_name)))
    if row is not None:
        label = _("%(model)s, dòng %(row)d: %(field)s") % {
            "model": capfirst(str(owner._meta.verbose_name)), "row": row, "field": label}
    return label, typed


def _keepable(name: str) -> bool:
    return not (name in TECHNICAL_NAMES or TECHNICAL_NAME.search(name) or SECRET_NAME.search(name))


def kept_input_from_request(request) -> dict | None:
    """The text fields of a staff form POST, with their labels (from the model of an admin page), the path to
    open the form again and the number of files that could not be kept; None when nothing typed is in it."""
    model_admin = getattr(getattr(request.resolver_match, "func", None), "model_admin", None)
    model = model_admin.model if model_admin is not None else None
    fields = []
    for name, values in request.POST.lists():
        if not _keepable(name):
            continue
        text = "\n".join(value for value in values if value.strip())
        if not text:
            continue
        label, typed = _describe(model, name)
        if typed:
            fields.append({"name": name, "label": label, "value": text})
    if not fields:
        return None
    page = capfirst(str(model._meta.verbose_name)) if model is not None else ""
    return {"path": request.get_full_path(), "page": page, "fields": fields,
            "files": sum(len(files) for _name, files in request.FILES.lists()), "truncated": False,
            "at": int(time.time())}


def _size(entries) -> int:
    return sum(len(field["value"].encode()) for entry in entries for field in entry["fields"])


def kept_input_store(session, *, user_id: int, entry: dict) -> None:
    """Add a form's kept text to the session, within KEPT_INPUT_MAX_BYTES for all forms together (the text
    past the limit is cut, and the entry says so)."""
    kept = session.get(KEPT_INPUT_KEY)
    if not kept or kept.get("user") != user_id:
        kept = {"user": user_id, "entries": []}
    room = KEPT_INPUT_MAX_BYTES - _size(kept["entries"])
    fields = []
    for index, field in enumerate(entry["fields"]):
        data = field["value"].encode()
        if len(data) > room:
            entry["truncated"] = True
            data = data[:room]
        if data:
            fields.append({**field, "value": data.decode(errors="ignore")})
        room -= len(data)
        if room <= 0:
            entry["truncated"] = entry["truncated"] or index + 1 < len(entry["fields"])
            break
    entry["fields"] = fields
    kept["entries"].append(entry)
    session[KEPT_INPUT_KEY] = kept


def kept_input_pending(session, *, user) -> bool:
    """True when the session holds text kept for this user, not yet shown."""
    kept = session.get(KEPT_INPUT_KEY)
    return bool(kept) and kept.get("user") == user.pk


def kept_input_take(session, *, user) -> list[dict]:
    """The kept forms of this user, removed from the session (they are shown once). Text kept for someone
    else is removed without being shown."""
    kept = session.pop(KEPT_INPUT_KEY, None)
    if not kept or kept.get("user") != user.pk:
        return []
    return kept["entries"]


def session_ended_mark(session, *, user_id: int) -> None:
    """Remember, in the new anonymous session, whose session has just ended in this browser."""
    session[SESSION_ENDED_FOR_KEY] = user_id


def session_ended_for(session) -> int | None:
    """The user whose session ended in this browser since the last login, if any."""
    return session.get(SESSION_ENDED_FOR_KEY)


def kept_input_on_login(session, *, user) -> None:
    """At a login: the ended session is over; text kept for another user than this one is dropped unseen (a
    shared computer at the commune's desk: nobody reads what a colleague typed)."""
    session.pop(SESSION_ENDED_FOR_KEY, None)
    kept = session.get(KEPT_INPUT_KEY)
    if kept and kept.get("user") != user.pk:
        del session[KEPT_INPUT_KEY]
