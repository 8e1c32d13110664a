"""The one field of the two-factor pages."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác thực"), max_length=20, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off",
                                      "spellcheck": "false", "inputmode": "text"}),
        error_messages={"required": _("Vui lòng nhập mã xác thực."),
                        "max_length": _("Mã xác thực có tối đa %(limit_value)d ký tự.")},
    )
