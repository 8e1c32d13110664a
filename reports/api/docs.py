"""The API's documentation page: Swagger UI from drf-spectacular-sidecar (static files, no CDN), started by a
static script (static/js/api-docs.js) so that the portal's Content-Security-Policy needs no inline script or style."""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from reports.api.throttling import PublicRateThrottle


class ApiDocsView(SpectacularSwaggerView):
    template_name = "api/swagger_ui.html"
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]
    title = "API dữ liệu mở — Cổng đối thoại doanh nghiệp"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # drf-spectacular loosens the opener policy for OAuth pop-ups, which this API does not use.
        del response.headers["Cross-Origin-Opener-Policy"]
        return response
