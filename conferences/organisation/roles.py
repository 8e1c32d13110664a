"""Staff roles (Django groups) and how a user's role is read; the groups are created by migration 0003."""

from django.utils.translation import gettext_lazy as _

# Group names are data (created by migrations, shown in the admin); keep them in Vietnamese as users see them.
ECONOMIC = "Phòng Kinh tế"
HANDLER = "Đơn vị xử lý"
OFFICE = "Văn phòng"
LEADERSHIP = "Lãnh đạo"
FINANCE = "Sở Tài chính"

ALL_ROLES = (ECONOMIC, HANDLER, OFFICE, LEADERSHIP, FINANCE)

ROLE_DESCRIPTIONS = {
    ECONOMIC: _("Mọi kiến nghị, đăng ký và hội nghị của cơ quan; phân loại, giao việc, báo cáo."),
    HANDLER: _("Kiến nghị mà đơn vị mình chủ trì hoặc phối hợp."),
    OFFICE: _("Hậu cần hội nghị: chương trình, thành phần, giấy mời, đăng ký, điểm danh."),
    LEADERSHIP: _("Xem toàn bộ dữ liệu của cơ quan, tải báo cáo."),
    FINANCE: _("Trên cơ quan thành phố: xem hội nghị và báo cáo của mọi xã, phường, đặc khu trực thuộc."),
}


def role_names(user) -> frozenset[str]:
    """The role group names of `user`, cached on the user object for the request."""
    cached = getattr(user, "_role_names_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) if user.is_authenticated else frozenset()
        user._role_names_cache = cached
    return cached


def has_role(user, *roles: str) -> bool:
    """Whether `user` holds any of `roles` (superusers hold none: they bypass scoping instead)."""
    return bool(role_names(user) & set(roles))
