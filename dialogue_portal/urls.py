"""Root URLconf: admin (with password reset by e-mail and two-factor pages), language switch, the apps'
public pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from conferences.ops.health import healthz
from dialogue_portal.accounts.views import PasswordResetConfirmView

admin.site.site_header = _("Quản trị Cổng đối thoại doanh nghiệp")
admin.site.site_title = _("Cổng đối thoại doanh nghiệp")
admin.site.index_title = _("Quản trị hệ thống")


def favicon(request):
    """The portal's icon, for browsers asking /favicon.ico on pages that name none (the admin's)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/password_reset/", auth_views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("admin/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # Two-factor authentication (accounts app): before admin.site.urls, whose catch-all would answer 404.
    path("admin/xac-thuc/", include("dialogue_portal.accounts.urls")),
    # Staff session: keep-alive ping and the text kept from an ended session (accounts app).
    path("admin/phien/", include("dialogue_portal.accounts.session_urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("reports/", include("reports.urls")),
    # The read API (reports/api/, docs/api.md): versioned by its prefix.
    path("api/v1/", include("reports.api.urls")),
    path("", include("conferences.urls")),
    path("", include("petitions.urls")),
    path("", include("reports.public_urls")),
]

handler404 = "conferences.ops.views.page_not_found"
handler500 = "conferences.ops.views.server_error"
