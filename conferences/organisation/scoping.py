"""The admin side of body scoping: one mixin that every staff-facing ModelAdmin uses."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from conferences.common.text import NormalizedTextAdminMixin
from conferences.models import Body, Conference, Registration, Unit
from conferences.organisation import selectors


class ScopedObjectMixin(NormalizedTextAdminMixin):
    """An object outside the admin's queryset answers 404 (change, delete and history pages), and a role without
    any right on the model answers 403 before the lookup.

    Django would redirect to the index with "does not exist" for an object outside the queryset; and the scope of
    a role without the right is often empty, which would answer 404 and hide that the right, not the object, is
    missing. For admins whose get_queryset is already scoped but that do not need ScopedAdminMixin's form rules.
    """

    def get_object(self, request, object_id, from_field=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class ScopedAdminMixin(ScopedObjectMixin):
    """Scope an admin to the rows `scope(user)` returns; another body's object answers 404.

    Subclasses set `scope` (a selector taking the user) and, for models that carry a `body` field that
    staff must not choose, `body_field`: on add, a non-superuser's own body is put on the instance before
    validation and the field is hidden. Foreign-key and many-to-many choices are limited through
    `related_scope` so that a hand-made POST cannot point at another body's rows either.
    """

    scope = None
    body_field: str | None = None

    def get_queryset(self, request):
        qs = self.scope(request.user)
        ordering = self.get_ordering(request)
        if ordering:
            qs = qs.order_by(*ordering)
        return qs

    def related_scope(self, request, model):
        """The queryset a non-superuser may pick `model` rows from in this admin's forms, or None."""
        user = request.user
        if model is Body:
            return selectors.bodies_for_user(user, write=True)
        if model is Conference:
            return selectors.conferences_for_user(user, write=True)
        if model is Unit:
            return selectors.units_for_user(user).filter(is_active=True)
        if model is Registration:
            return selectors.registrations_for_user(user)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            qs = self.related_scope(request, db_field.remote_field.model)
            if qs is not None:
                kwargs["queryset"] = qs
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            qs = self.related_scope(request, db_field.remote_field.model)
            if qs is not None:
                kwargs["queryset"] = qs
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if self.body_field and not request.user.is_superuser:
            exclude.append(self.body_field)
        return exclude

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.body_field and not request.user.is_superuser:
            fields = [f for f in fields if f != self.body_field]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and self.body_field and not request.user.is_superuser:
            body = selectors.staff_body(request.user)
            body_field = self.body_field

            class BodyBoundForm(form):
                def __init__(self, *args, **kw):
                    super().__init__(*args, **kw)
                    setattr(self.instance, body_field, body)

            BodyBoundForm.__name__ = form.__name__
            return BodyBoundForm
        return form

    def has_add_permission(self, request, *args):
        if self.body_field and not request.user.is_superuser and selectors.staff_body(request.user) is None:
            return False
        return super().has_add_permission(request, *args)


class ScopedInlineMixin(NormalizedTextAdminMixin):
    """Limit an inline's foreign-key choices the same way as its parent admin."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            qs = ScopedAdminMixin.related_scope(self, request, db_field.remote_field.model)
            if qs is not None:
                kwargs["queryset"] = qs
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyInline(admin.TabularInline):
    """An audit-trail inline: shown, never added to, changed or deleted."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
