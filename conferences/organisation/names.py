"""Staff names in the Vietnamese order: family and middle names (Django's last_name), then the given name."""

from django.contrib.auth import get_user_model


def vietnamese_full_name(user) -> str:
    """"Nguyễn Thị Thu Hà": last_name (family and middle names) before first_name (the given name)."""
    return " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)


def install() -> None:
    """Make User.get_full_name read in the Vietnamese order everywhere (admin lists, signatures, templates).

    django.contrib.auth's User puts first_name first; a custom user model would be the usual answer, but the
    portal's accounts already live in auth_user, and only the order of the two fields differs. get_short_name
    (the admin's "Chào mừng bạn, …") stays the given name.
    """
    get_user_model().get_full_name = vietnamese_full_name
