"""Start-up checks of the Zalo (ZNS) channel: its templates name known message kinds and parameters, and the
stored tokens have a key of their own."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register

from conferences.outbox.zns import KIND_PARAMETERS


def zns_template_problems(templates) -> list[str]:
    """What is wrong in a ZALO_ZNS_TEMPLATES value (empty list when nothing)."""
    if not isinstance(templates, dict):
        return ["ZALO_ZNS_TEMPLATES phải là một đối tượng JSON {loại tin: {id, params}}."]
    problems = []
    for kind, template in templates.items():
        if kind not in KIND_PARAMETERS:
            problems.append(f"Loại tin không có: {kind!r} (có: {', '.join(KIND_PARAMETERS)}).")
            continue
        if not isinstance(template, dict) or not str(template.get("id", "")).strip():
            problems.append(f"Mẫu tin {kind!r} thiếu mã mẫu (id).")
            continue
        params = template.get("params", [])
        unknown = [p for p in params if p not in KIND_PARAMETERS[kind]] if isinstance(params, list) else [params]
        if unknown:
            problems.append(f"Mẫu tin {kind!r}: tham số không điền được {unknown} "
                            f"(có: {', '.join(KIND_PARAMETERS[kind])}).")
    return problems


@register(Tags.compatibility)
def check_zns(app_configs, **kwargs):
    errors = [Error(p, id="dialogue_portal.E020") for p in zns_template_problems(settings.ZALO_ZNS_TEMPLATES)]
    if not settings.ZALO_ZNS_URL:
        return errors
    key = settings.ZALO_TOKEN_KEY
    try:
        Fernet(key.encode())
    except (ValueError, TypeError):
        errors.append(Error("ZALO_TOKEN_KEY phải là một khóa Fernet (44 ký tự base64).",
                            hint='python -c "from cryptography.fernet import Fernet; '
                                 'print(Fernet.generate_key().decode())"', id="dialogue_portal.E021"))
    if key and key == settings.SECRET_KEY:
        errors.append(Error("ZALO_TOKEN_KEY không được trùng SECRET_KEY.", id="dialogue_portal.E022"))
    if not (settings.ZALO_APP_ID and settings.ZALO_APP_SECRET):
        errors.append(Error("Kênh Zalo cần ZALO_APP_ID và ZALO_APP_SECRET.", id="dialogue_portal.E023"))
    return errors
