"""Read-only columns of the petition admin about its transfer or escalation letter (the register's, or one issued
outside the portal)."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class SendOutDisplayMixin:
    """The status with "đang chờ ban hành công văn …" under it, and the letter's line on the petition's page."""

    @admin.display(description=_("trạng thái"), ordering="status")
    def status_shown(self, obj):
        if obj.send_out_pending:
            return format_html("{}<br><small>{}</small>", obj.get_status_display(), obj.send_out_pending_label)
        return obj.get_status_display()

    @admin.display(description=_("công văn chuyển / xin ý kiến"))
    def send_out_letter(self, obj):
        if obj is None or not obj.pk:
            return "—"
        if obj.send_out_pending:
            return format_html("{} ({})", obj.send_out_pending_label,
                               _("xem trong Sổ văn bản đi; số và ngày được cấp khi ban hành"))
        if obj.dispatch_number and obj.dispatch_outside_portal:
            return _("Công văn đã ban hành ngoài hệ thống (số nhập tay)")
        if obj.dispatch_number:
            return _("Đã ban hành qua Sổ văn bản đi")
        return "—"
