"""Deploy checks: production must ask staff for a second factor."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def two_factor_required(app_configs, **kwargs):
    """Warn when the admin does not require two-factor authentication (ADMIN_REQUIRE_2FA)."""
    if getattr(settings, "ADMIN_REQUIRE_2FA", False):
        return []
    return [checks.Warning(
        "ADMIN_REQUIRE_2FA is off: staff reach the admin with a password alone.",
        hint="Set ADMIN_REQUIRE_2FA=true (the default of dialogue_portal.settings.prod).",
        id="accounts.W001",
    )]
