"""Signal receivers: remember when a staff member logged in (for the absolute session limit), and settle the text
kept from a session that ended in this browser (kept for this user, or dropped unseen)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .kept_input import kept_input_on_login
from .sessions import session_start


@receiver(user_logged_in, dispatch_uid="accounts_session_start")
def _session_start_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_start(request.session)
        kept_input_on_login(request.session, user=user)
