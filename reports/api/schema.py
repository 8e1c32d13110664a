"""How the OpenAPI schema describes the organisation token (`Authorization: Token <token>`)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "reports.api.authentication.ApiTokenAuthentication"
    name = "cityToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Mã truy cập của tổ chức (Sở Tài chính), dạng `Token <mã>`; cấp trong trang quản trị."}
