"""Write the audit log: staff actions and staff views / exports of personal data, by id only.

One function writes one entry (`audit_record`), another several in one INSERT (`audit_record_many`); callers
pass the acting user, the action, the object (or its type and id) and, optionally, the request for the IP.
The `detail` is for technical words only (a URL name, a format, the names of changed fields, a count): never
a name, phone, tax code, note or any other value a person typed.
"""

from __future__ import annotations

import ipaddress

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from conferences.audit.models import AuditAction, AuditEntry
from conferences.ops.client_ip import client_ip

__all__ = ["AuditAction", "audit_entry", "audit_record", "audit_record_many", "object_body_id"]


def _request_ip(request) -> str | None:
    if request is None:
        return None
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def object_body_id(obj, *, allow_query: bool = False) -> int | None:
    """The body an object belongs to, read from what is already loaded (or, with allow_query, through its
    conference or petition), or None."""
    if obj is None:
        return None
    if obj._meta.label_lower == "conferences.body":
        return obj.pk
    if hasattr(obj, "body_id"):
        return obj.body_id
    for relation in ("conference", "petition"):
        field = _relation(obj, relation)
        if field is not None and (allow_query or field.is_cached(obj)):
            parent = getattr(obj, relation)
            return object_body_id(parent, allow_query=allow_query) if parent is not None else None
    profile = getattr(obj, "_staff_profile_cache", None)  # a user whose profile was read this request
    return profile.body_id if profile else None


def _relation(obj, name):
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.ForeignKey) else None


def _user_body_id(user) -> int | None:
    from conferences.organisation.selectors import staff_profile

    profile = staff_profile(user)
    return profile.body_id if profile else None


def audit_entry(*, user, action: str, obj: models.Model | None = None, object_type: str = "",
                object_id: object = "", detail: str = "", body_id: int | None = None,
                request=None) -> AuditEntry:
    """An unsaved entry. The body is the object's when known without a query, else the acting user's, else
    (a system administrator's action) the object's read through its conference or petition."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if body_id is None:
        body_id = object_body_id(obj)
    if body_id is None and user is not None:
        body_id = _user_body_id(user)
    if body_id is None and obj is not None:
        body_id = object_body_id(obj, allow_query=True)
    return AuditEntry(user_id=user.pk if user is not None else None, body_id=body_id, action=action,
                      object_type=object_type, object_id=str(object_id if object_id is not None else "")[:64],
                      detail=detail[:300], ip=_request_ip(request))


def audit_record(**kwargs) -> AuditEntry:
    """Write one entry (see audit_entry for the arguments); one INSERT."""
    entry = audit_entry(**kwargs)
    entry.save()
    return entry


def audit_record_many(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Write several entries in one INSERT (e.g. a record and its inline rows saved by one admin form)."""
    return AuditEntry.objects.bulk_create(entries) if entries else []
