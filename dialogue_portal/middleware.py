"""Language selection: Vietnamese unless the visitor chose English with the switch (cookie)."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
