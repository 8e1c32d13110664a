"""System checks for what a running portal must have: the front-end packages, a broker in production."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.staticfiles)
def check_front_end_packages(app_configs, **kwargs):
    """The Bootstrap files come from npm at set-up; without them every page renders unstyled."""
    css = settings.NODE_MODULES_DIR / "bootstrap" / "dist" / "css" / "bootstrap.min.css"
    if not css.exists():
        return [
            Error(
                "Thiếu gói giao diện Bootstrap (node_modules). Chạy `npm ci` (hoặc `make setup`).",
                hint=f"Không tìm thấy {css}",
                id="dialogue_portal.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_production_services(app_configs, **kwargs):
    """Production needs a real broker and a shared cache; eager tasks would run inside the web request."""
    problems = []
    if not settings.REDIS_URL:
        problems.append(
            Warning(
                "REDIS_URL chưa được đặt: tác vụ nền chạy ngay trong yêu cầu web và bộ nhớ đệm không chia sẻ.",
                hint="Đặt REDIS_URL=redis://127.0.0.1:6379/0 cho môi trường sản xuất.",
                id="dialogue_portal.W001",
            )
        )
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        problems.append(
            Warning(
                "Đang dùng SQLite trong môi trường sản xuất.",
                hint="Đặt DATABASE_URL=postgres://… (PostgreSQL).",
                id="dialogue_portal.W002",
            )
        )
    return problems
