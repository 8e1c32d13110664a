"""Portal middleware: the language (Vietnamese unless the visitor chose English) and no-store caching of
pages with personal data."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers


class PortalLanguageMiddleware:
    """Activate the language from the switch's cookie, else LANGUAGE_CODE.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a commune officer whose phone is
    set to English would get an English portal by surprise; the portal is Vietnamese first and English only
    on request.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


# Public pages that show a person's registration: the confirmation, the status page, its edit and withdraw
# forms, the filled Phụ lục II, the status look-up (its answer is the status page) and the registration form
# (after an error it shows back what was typed). Any URL carrying a registration's `secret` is also covered, so
# pages added under the secret link are no-store without being listed. New public views with personal data
# should also be wrapped with Django's `never_cache`.
PERSONAL_DATA_URL_NAMES = frozenset({
    "petitions:register",
    "petitions:registration_confirmation",
    "petitions:status_lookup",
    "petitions:registration_status",
    "petitions:registration_edit",
    "petitions:registration_withdraw",
    "reports_public:filled_phu_luc_2_pdf",
})


def shows_personal_data(request) -> bool:
    """True for a response that must not be stored by a browser or proxy: every response to a logged-in staff
    member (the admin, /reports/, and any page they open), and the public pages of a person's registration."""
    match = getattr(request, "resolver_match", None)
    if match is not None and (match.view_name in PERSONAL_DATA_URL_NAMES or "secret" in match.kwargs):
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session, so no logged-in user: spare the session look-up
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


class NoStoreMiddleware:
    """`Cache-Control: no-store` (Django's never_cache headers) on every response that shows personal data, so
    that neither the browser's cache nor a proxy keeps a copy (a shared computer at the commune's one-stop
    desk, the back button after logging out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if shows_personal_data(request):
            add_never_cache_headers(response)
        return response
