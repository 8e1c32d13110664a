"""{% invitation_is_issued conference as issued %}: whether the conference's Giấy mời is issued, for the
registrant's status page (petitions' template; the petitions app does not import reports)."""

from django import template

register = template.Library()


@register.simple_tag
def invitation_is_issued(conference) -> bool:
    from reports.register.invitations import issued_invitations

    return issued_invitations(conference).exists()
