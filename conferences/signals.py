"""Signals the conferences app sends for the apps above it (conferences imports no other app)."""

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import Signal, receiver

from conferences.models import Body, Conference, RuleSettings

# Sent after commit when a conference's date (`starts_at`), one of its rule settings, or whether it is held at
# all (status into or out of stopped / not eligible) changed, with `conference_id` and `changes`
# ({field name: (old value, new value)}). The petitions app recomputes the deadlines of its open petitions.
# Sent from the model's save (admin, services, shell alike); a queryset .update() bypasses it.
conference_rules_changed = Signal()
# Sent after commit when one of a body's rule settings changed, with `body_id` and `changes` as above. A body's
# settings are the defaults of its future conferences, and the rules of its petitions that have no conference.
body_rules_changed = Signal()

# A conference in one of these statuses is not held: its petitions follow the no-conference rules.
NOT_HELD_STATUSES = frozenset({Conference.Status.STOPPED, Conference.Status.NOT_ELIGIBLE})
WATCHED_FIELDS = ("starts_at", "status", *RuleSettings.rule_field_names())


def _watched(update_fields) -> tuple[str, ...]:
    if update_fields is None:
        return WATCHED_FIELDS
    return tuple(name for name in WATCHED_FIELDS if name in update_fields)


@receiver(pre_save, sender=Conference, dispatch_uid="conference_remember_rules")
def _remember_rules(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._rules_before = None
    fields = _watched(update_fields)
    if instance.pk and not raw and fields:
        instance._rules_before = Conference.objects.filter(pk=instance.pk).values(*fields).first()


@receiver(post_save, sender=Conference, dispatch_uid="conference_announce_rule_changes")
def _announce_rule_changes(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_rules_before", None)
    instance._rules_before = None
    if created or raw or not before:
        return
    changes = {name: (old, getattr(instance, name)) for name, old in before.items() if old != getattr(instance, name)}
    status = changes.pop("status", None)
    if status and (status[0] in NOT_HELD_STATUSES) != (status[1] in NOT_HELD_STATUSES):
        changes["status"] = status
    if changes:
        conference_id = instance.pk
        transaction.on_commit(
            lambda: conference_rules_changed.send(sender=Conference, conference_id=conference_id, changes=changes))


@receiver(pre_save, sender=Body, dispatch_uid="body_remember_rules")
def _remember_body_rules(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._rules_before = None
    fields = [name for name in RuleSettings.rule_field_names() if update_fields is None or name in update_fields]
    if instance.pk and not raw and fields:
        instance._rules_before = Body.objects.filter(pk=instance.pk).values(*fields).first()


@receiver(post_save, sender=Body, dispatch_uid="body_announce_rule_changes")
def _announce_body_rule_changes(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_rules_before", None)
    instance._rules_before = None
    if created or raw or not before:
        return
    changes = {name: (old, getattr(instance, name)) for name, old in before.items() if old != getattr(instance, name)}
    if changes:
        body_id = instance.pk
        transaction.on_commit(lambda: body_rules_changed.send(sender=Body, body_id=body_id, changes=changes))
