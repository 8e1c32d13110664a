"""A proxy of the user model for the admin page where system administrators see and reset staff two-factor
authentication (the devices themselves are django-otp's models)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class StaffTwoFactor(get_user_model()):
    class Meta:
        proxy = True
        verbose_name = _("xác thực hai bước của cán bộ")
        verbose_name_plural = _("xác thực hai bước của cán bộ")
