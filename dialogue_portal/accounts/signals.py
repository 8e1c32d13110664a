"""Signal receivers: remember when a staff member logged in (for the absolute session limit)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .sessions import session_start


@receiver(user_logged_in, dispatch_uid="accounts_session_start")
def _session_start_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_start(request.session)
