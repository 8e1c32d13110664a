"""App config for accounts: staff two-factor authentication, session time limits and login lockout."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dialogue_portal.accounts"
    label = "accounts"  # the migrations and permissions keep the short label
    verbose_name = _("Tài khoản cán bộ")

    def ready(self):
        from . import (  # noqa: F401
            checks,  # the deploy check for ADMIN_REQUIRE_2FA
            signals,  # login time for the absolute session limit
        )
