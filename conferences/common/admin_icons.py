"""Django admin's yes / no / unknown icons with Vietnamese alternative text ("Có", "Không", "Không rõ")."""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _


def boolean_icon(field_val) -> str:
    """The icon of a yes / no / unknown value, its alt text in the reader's language."""
    icon, alt = {True: ("yes", _("Có")), False: ("no", _("Không")), None: ("unknown", _("Không rõ"))}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), alt)


def install() -> None:
    """Make every admin list and read-only field use `boolean_icon`.

    Django writes the Python value ("True", "False", "None") as the icon's alt text, untranslated, in
    `admin_list._boolean_icon`; its callers (lists, read-only fields, `display_for_value`) import that function
    from the module when they run, so replacing it there reaches all of them.
    """
    admin_list._boolean_icon = boolean_icon
