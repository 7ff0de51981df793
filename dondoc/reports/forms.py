from __future__ import annotations

from django import forms

from dondoc.web.widgets import date_field


class PeriodForm(forms.Form):
    """The overview's period (tasks assigned from … to …) and as-of day (dd/mm/yyyy)."""

    start = date_field("Giao từ ngày")
    end = date_field("Đến ngày")
    as_of = date_field("Tình trạng tính đến ngày", help_text="Để trống: hôm nay.")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError("Ngày bắt đầu phải trước ngày kết thúc.")
        return data
