"""Forms of the workflow actions on a task's page (tiếp nhận, phân công, báo cáo, gia hạn…).

They check what a form can check (required fields, ranges, dates against the task's
deadline); the services check the rest (state, permission) and answer in Vietnamese.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q

from dondoc.org.models import Person, Unit
from dondoc.tasks.models import Field, Task

from .widgets import BAD_DATE, DateInput, use_unit_tree

MAX_FILES = 10
# Typed and shown dd/mm/yyyy whatever the browser's locale (ISO accepted too).
DATE_WIDGET = {"widget": DateInput}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several product files in one input (Django's documented pattern)."""

    widget = MultipleFileInput

    default_error_messages = {
        "empty": "Tệp rỗng, không có nội dung.",
        "invalid": "Không nhận được tệp; vui lòng chọn lại.",
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        cleaned = [f for f in cleaned if f]
        if self.required and not cleaned:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(cleaned) > MAX_FILES:
            raise forms.ValidationError(f"Tối đa {MAX_FILES} tệp mỗi lần gửi.")
        limit = settings.UPLOAD_MAX_BYTES
        for f in cleaned:
            if f.size > limit:
                raise forms.ValidationError(
                    f"Tệp “{f.name}” quá lớn; giới hạn là {limit // 1024 // 1024} MB mỗi tệp."
                )
            if f.size == 0:
                raise forms.ValidationError(f"Tệp “{f.name}” rỗng, không có nội dung.")
        return cleaned


def _text(label: str, *, required: bool = True, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=10000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Vui lòng nhập {label[0].lower()}{label[1:]}."},
    )


class ActionForm(forms.Form):
    """A form bound to the task it acts on."""

    def __init__(self, *args, task: Task, **kwargs):
        self.task = task
        super().__init__(*args, **kwargs)


class EmptyForm(ActionForm):
    """Tiếp nhận, khôi phục, rút đề nghị gia hạn: nothing to fill in."""


class AssignForm(ActionForm):
    unit = forms.ModelChoiceField(
        label="Phòng, đơn vị thực hiện",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="— Chọn phòng, đơn vị —",
        error_messages={"invalid_choice": "Chỉ giao được cho phòng, đơn vị thuộc đơn vị chủ trì."},
    )
    assignee = forms.ModelChoiceField(
        label="Người thực hiện",
        queryset=Person.objects.none(),
        required=False,
        empty_label="— Chọn cán bộ —",
        error_messages={"invalid_choice": "Chỉ giao được cho cán bộ thuộc đơn vị chủ trì."},
    )
    content = _text(
        "Nội dung giao", required=False, help_text="Để trống để giữ nguyên nội dung nhiệm vụ.", rows=2
    )
    due_date = forms.DateField(
        label="Thời hạn nội bộ", required=False, error_messages={"invalid": BAD_DATE}, **DATE_WIDGET
    )
    note = _text("Ghi chú", required=False, rows=2)

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, task=task, **kwargs)
        root = task.lead_unit
        units = Unit.objects.subtree(root).active().exclude(pk=root.pk)
        if units.exists():
            self.fields["unit"].queryset = units
        else:
            del self.fields["unit"]  # a division with no sub-unit: a person only
        self.fields["assignee"].queryset = Person.objects.filter(
            unit__path__startswith=root.path, active=True
        ).select_related("unit")
        self.fields["assignee"].label_from_instance = lambda p: f"{p.full_name} – {p.unit.name}"
        if task.due_date:
            self.fields["due_date"].help_text = f"Không muộn hơn {task.due_date:%d/%m/%Y}."

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        if due and self.task.due_date and due > self.task.due_date:
            raise forms.ValidationError(
                f"Thời hạn nội bộ không được muộn hơn thời hạn của nhiệm vụ ({self.task.due_date:%d/%m/%Y})."
            )
        return due

    def clean(self):
        data = super().clean()
        unit, assignee = data.get("unit"), data.get("assignee")
        if not unit and not assignee and not self.errors:
            raise forms.ValidationError("Vui lòng chọn phòng, đơn vị hoặc người thực hiện.")
        if unit and assignee and not assignee.unit.path.startswith(unit.path):
            self.add_error("assignee", f"{assignee.full_name} không thuộc {unit.name}.")
        return data


class ProgressForm(ActionForm):
    percent = forms.IntegerField(
        label="Tiến độ (%)",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Vui lòng nhập tiến độ (%).",
            "min_value": "Tiến độ phải từ 0 đến 100%%.",
            "max_value": "Tiến độ phải từ 0 đến 100%%.",
            "invalid": "Tiến độ phải là một số từ 0 đến 100.",
        },
    )
    text = _text("Nội dung báo cáo")
    files = MultipleFileField(label="Tệp đính kèm, sản phẩm")

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, task=task, **kwargs)
        self.fields["percent"].initial = task.progress


class ContributeForm(ActionForm):
    text = _text("Ý kiến, kết quả phối hợp")
    files = MultipleFileField(label="Tệp đính kèm")


class SubmitForm(ActionForm):
    text = _text("Báo cáo kết quả")
    files = MultipleFileField(label="Sản phẩm (tệp)")


class AcceptForm(ActionForm):
    note = _text("Nhận xét", required=False, rows=2)


class ReasonForm(ActionForm):
    """Trả lại, thu hồi, hủy, xóa: a reason is required and goes into the history."""

    reason = _text("Lý do", rows=2)


class ExtensionRequestForm(ActionForm):
    proposed_date = forms.DateField(
        label="Thời hạn đề nghị",
        error_messages={"required": "Vui lòng chọn thời hạn đề nghị.", "invalid": BAD_DATE},
        **DATE_WIDGET,
    )
    reason = _text("Lý do đề nghị gia hạn", rows=2)

    def clean_proposed_date(self):
        proposed = self.cleaned_data["proposed_date"]
        if self.task.due_date and proposed <= self.task.due_date:
            raise forms.ValidationError(
                f"Thời hạn đề nghị phải sau thời hạn hiện tại ({self.task.due_date:%d/%m/%Y})."
            )
        return proposed


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Quyết định",
        choices=[("grant", "Đồng ý gia hạn"), ("refuse", "Không đồng ý")],
        widget=forms.RadioSelect,
        error_messages={"required": "Vui lòng chọn đồng ý hoặc không đồng ý."},
    )
    granted_date = forms.DateField(
        label="Gia hạn đến ngày",
        required=False,
        help_text="Để trống để đồng ý theo ngày đơn vị đề nghị.",
        error_messages={"invalid": BAD_DATE},
        **DATE_WIDGET,
    )
    note = _text("Ý kiến", required=False, rows=2)

    def __init__(self, *args, extension, **kwargs):
        self.extension = extension
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        decision, granted = data.get("decision"), data.get("granted_date")
        if decision == "grant" and granted and granted <= self.extension.current_due_date:
            self.add_error(
                "granted_date",
                f"Ngày gia hạn phải sau thời hạn hiện tại ({self.extension.current_due_date:%d/%m/%Y}).",
            )
        if decision == "refuse" and not (data.get("note") or "").strip():
            self.add_error("note", "Vui lòng nêu lý do không đồng ý gia hạn.")
        return data


class TaskUpdateForm(forms.ModelForm):
    """Sửa thông tin (đính chính) by follow-up staff, an administrator or the registering clerk."""

    products_text = forms.CharField(
        label="Sản phẩm",
        required=False,
        max_length=1000,
        help_text="Cách nhau bởi dấu phẩy, ví dụ: Báo cáo, Kế hoạch.",
    )

    class Meta:
        model = Task
        fields = [
            "content",
            "assigned_by",
            "lead_unit",
            "coordinating_units",
            "due_date",
            "deadline_text",
            "recurrence",
            "field",
            "urgent",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 4}),
            "due_date": DateInput,
            "coordinating_units": forms.SelectMultiple(attrs={"size": 8}),
        }
        error_messages = {"content": {"required": "Nội dung nhiệm vụ không được để trống."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.active()
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        self.fields["coordinating_units"].required = False
        # The unit tree, grouped and indented, filtered by typing (dondoc.js); one query.
        tree = list(units)
        use_unit_tree(self.fields["lead_unit"], tree, empty_label="— Chọn đơn vị chủ trì —")
        use_unit_tree(self.fields["coordinating_units"], tree)
        self.fields["due_date"].error_messages["invalid"] = BAD_DATE
        self.fields["products_text"].initial = ", ".join(self.instance.products or [])
        self.fields["recurrence"].label = "Thường xuyên, định kỳ"
        self.fields["recurrence"].help_text = "Để trống nếu nhiệm vụ không lặp lại và không thường xuyên."
        field = self.fields["field"]
        field.queryset = Field.objects.filter(Q(active=True) | Q(pk=self.instance.field_id))
        field.empty_label = "— Chưa xác định —"
        field.help_text = "Lĩnh vực dùng để thống kê, báo cáo."
        if self.instance.parent_id is not None:
            # A breakdown's leader is whoever assigned it: not a correction.
            del self.fields["assigned_by"]
        else:
            leader = self.fields["assigned_by"]
            leader.queryset = Person.leaders().order_by("unit__order", "full_name")
            leader.required = True
            leader.label = "Lãnh đạo giao nhiệm vụ"
            leader.help_text = "Người quyết định gia hạn và đánh giá kết quả nhiệm vụ."
            leader.error_messages["required"] = "Chưa chọn lãnh đạo giao nhiệm vụ."
            leader.label_from_instance = lambda p: f"{p.full_name} – {p.title}" if p.title else p.full_name

    def changed_fields(self) -> dict:
        """The cleaned values to hand to `update_task`, products as a list."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        fields["coordinating_units"] = list(fields["coordinating_units"])
        text = self.cleaned_data.get("products_text") or ""
        fields["products"] = [p.strip() for p in text.split(",") if p.strip()]
        return fields
