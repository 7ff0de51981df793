"""Forms of the intake screens: upload, and the review of proposed tasks."""

from __future__ import annotations

from django import forms
from django.conf import settings

from dondoc.documents.review import SPLIT_MARKER
from dondoc.documents.services import SUPPORTED, human_size
from dondoc.tasks.choices import Recurrence
from dondoc.tasks.models import Field

from .widgets import BAD_DATE, DateInput, SharedChoices, SharedSelect, SharedSelectMultiple, use_shared

KIND_CHOICES = [
    ("TB", "Thông báo"),
    ("CV", "Công văn"),
    ("CT", "Chỉ thị"),
    ("QĐ", "Quyết định"),
    ("KH", "Kế hoạch"),
    ("CTr", "Chương trình"),
    ("BC", "Báo cáo"),
    ("TTr", "Tờ trình"),
    ("BB", "Biên bản"),
    ("NQ", "Nghị quyết"),
    ("CĐ", "Công điện"),
    ("HD", "Hướng dẫn"),
    ("ĐA", "Đề án"),
    ("PA", "Phương án"),
    ("GM", "Giấy mời"),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp văn bản",
        error_messages={
            "required": "Chọn tệp văn bản cần tải lên.",
            "empty": "Tệp rỗng, không có nội dung.",
            "invalid": "Không nhận được tệp; vui lòng chọn lại.",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limits as configured now (settings may change between requests in tests).
        self.fields["file"].help_text = (
            f"{SUPPORTED} Tối đa {human_size(settings.UPLOAD_MAX_BYTES)} và {settings.UPLOAD_MAX_PAGES} "
            "trang một văn bản; văn bản dài hơn hãy tách thành nhiều tệp."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        # Refused before reading it into memory.
        if upload.size > limit:
            raise forms.ValidationError(
                f"Tệp quá lớn ({human_size(upload.size)}); giới hạn là {human_size(limit)}."
            )
        return upload


def _parse_date(value: str):
    value = (value or "").strip()
    if not value:
        return None
    try:
        return forms.DateField().clean(value)
    except forms.ValidationError:
        raise forms.ValidationError(BAD_DATE) from None


def draft_date(value) -> str:
    """A typed date as the draft keeps it: ISO when it reads as a date (31/05/2026 ->
    2026-05-31), else exactly what was typed, so nothing is lost."""
    try:
        day = _parse_date(value)
    except forms.ValidationError:
        return value or ""
    return day.isoformat() if day else (value or "")


def shown_date(value) -> str:
    """A draft's date as the form shows it: dd/mm/yyyy when it reads as a date."""
    try:
        day = _parse_date(value)
    except forms.ValidationError:
        return value or ""
    return f"{day:%d/%m/%Y}" if day else (value or "")


class FieldChoices:
    """The fields (lĩnh vực) for every row of a page, read once (one query): the active
    ones to choose from, by code, and the names of all, so that a row whose field was
    retired since shows it as such instead of silently showing none."""

    def __init__(self, fields):
        fields = list(fields)
        self.active = [(f.code, f.name) for f in fields if f.active]
        self.codes = frozenset(code for code, _name in self.active)
        self.names = {f.code: f.name for f in fields}
        self.by_code = {f.code: f for f in fields}

    @classmethod
    def load(cls) -> FieldChoices:
        return cls(Field.objects.only("code", "name", "active").order_by("order", "name"))

    def error(self, code: str) -> str | None:
        """Why `code` cannot be chosen, in Vietnamese, or None when it can ("" = none chosen)."""
        if not code or code in self.codes:
            return None
        if code in self.names:
            return f"Lĩnh vực “{self.names[code]}” đã ngừng sử dụng: hãy chọn lĩnh vực khác."
        return "Lĩnh vực đã chọn không có trong danh sách lĩnh vực đang sử dụng: hãy chọn lại."


NO_FIELD = "— Chưa xác định —"
UNIT_OPTIONS = "unit-options"
LEADER_OPTIONS = "leader-options"


class TaskRowForm(forms.Form):
    """One proposed task. Every field is optional at field level: a dropped row is not
    checked at all; a kept one is checked in `clean`."""

    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    text = forms.CharField(
        label="Nội dung nhiệm vụ", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    assigned_by = forms.TypedChoiceField(
        label="Lãnh đạo giao",
        coerce=int,
        required=False,
        empty_value=None,
        widget=SharedSelect(attrs={"data-options": LEADER_OPTIONS}),
    )
    # The units come once per page in <template id="unit-options"> (see SharedSelect).
    lead_unit = forms.TypedChoiceField(
        label="Đơn vị chủ trì",
        coerce=int,
        required=False,
        empty_value=None,
        widget=SharedSelect(attrs={"data-options": UNIT_OPTIONS}),
    )
    coordinating_units = forms.TypedMultipleChoiceField(
        label="Đơn vị phối hợp",
        coerce=int,
        required=False,
        widget=SharedSelectMultiple(attrs={"size": 4, "data-options": UNIT_OPTIONS}),
    )
    products = forms.CharField(
        label="Sản phẩm",
        required=False,
        max_length=500,
        help_text="Cách nhau bằng dấu phẩy, ví dụ: báo cáo, kế hoạch.",
    )
    deadline_text = forms.CharField(label="Thời hạn (như ghi)", required=False, max_length=255)
    due = forms.CharField(label="Hạn hoàn thành", required=False, widget=DateInput)
    urgent = forms.BooleanField(label="Khẩn", required=False)
    recurrence = forms.ChoiceField(
        label="Thường xuyên, định kỳ", required=False, choices=[("", "Không"), *Recurrence.choices]
    )
    # The code of a Field (lĩnh vực); the choices are the page's FieldChoices.
    field = forms.ChoiceField(label="Lĩnh vực", required=False)
    drop = forms.BooleanField(label="Bỏ, không đăng ký", required=False)
    # Shown only for a name the extractor could not resolve (`dondoc.quality.aliases`).
    alias_lead = forms.BooleanField(label="Lưu làm tên gọi khác của đơn vị chủ trì đã chọn", required=False)
    alias_coordinator = forms.BooleanField(
        label="Lưu làm tên gọi khác của đơn vị phối hợp được thêm", required=False
    )

    def __init__(
        self,
        *args,
        unit_choices: SharedChoices | None = None,
        leader_choices: SharedChoices | None = None,
        field_choices: FieldChoices | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.field_choices = field_choices or FieldChoices([])
        chosen = str(self["field"].value() or "")
        choices = [("", NO_FIELD), *self.field_choices.active]
        if chosen in self.field_choices.names and chosen not in self.field_choices.codes:
            # Shown, and refused by `clean`: the clerk sees which one to replace.
            choices.append((chosen, f"{self.field_choices.names[chosen]} (ngừng sử dụng)"))
        self.fields["field"].choices = choices
        # Checked in `clean` with a message that says what is wrong (FieldChoices.error),
        # and not on a dropped row, like every other field.
        self.fields["field"].valid_value = lambda value: True
        # Lists built once by the view for every row: no query, no copy per row and per select.
        units = unit_choices or SharedChoices([])
        use_shared(self.fields["lead_unit"], units, empty_label="— Chọn đơn vị chủ trì —")
        use_shared(self.fields["coordinating_units"], units)
        use_shared(
            self.fields["assigned_by"],
            leader_choices or SharedChoices([]),
            empty_label="— Như lãnh đạo giao của văn bản —",
        )
        # The unit tree, filtered by typing without diacritics (dondoc.js).
        self.fields["lead_unit"].widget.attrs["data-unit-picker"] = "single"
        self.fields["coordinating_units"].widget.attrs["data-unit-picker"] = "multiple"
        if not self.is_bound and self.initial.get("due"):
            self.initial["due"] = shown_date(self.initial["due"])

    def clean(self):
        data = super().clean()
        if data.get("drop"):
            return data
        text = (data.get("text") or "").strip()
        if not text:
            self.add_error("text", "Nội dung nhiệm vụ không được để trống.")
        elif SPLIT_MARKER.search(text):
            self.add_error(
                "text", "Nội dung có dòng “---”: bấm “Tách” để tách thành nhiều nhiệm vụ, hoặc xóa dòng đó."
            )
        if data.get("lead_unit") is None and "lead_unit" not in self.errors:
            self.add_error("lead_unit", "Chưa chọn đơn vị chủ trì.")
        problem = self.field_choices.error(data.get("field") or "")
        if problem:
            self.add_error("field", problem)
        try:
            data["due_date"] = _parse_date(data.get("due"))
        except forms.ValidationError as exc:
            self.add_error("due", exc)
        data["product_list"] = [p.strip() for p in (data.get("products") or "").split(",") if p.strip()]
        return data


class BaseTaskRowFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.forms:
            raise forms.ValidationError(
                "Văn bản không có nhiệm vụ nào để đăng ký; nếu văn bản không giao nhiệm vụ, hãy xóa văn bản."
            )
        if all(form.cleaned_data.get("drop") for form in self.forms):
            raise forms.ValidationError("Không có nhiệm vụ nào để đăng ký: tất cả đều đã bị bỏ.")


TaskRowFormSet = forms.formset_factory(TaskRowForm, formset=BaseTaskRowFormSet, extra=0, max_num=1000)


class MetadataForm(forms.Form):
    """The document's metadata by Nghị định 30/2020/NĐ-CP, and the assigning leader."""

    kind = forms.ChoiceField(label="Loại văn bản", required=False, choices=[("", "—"), *KIND_CHOICES])
    number = forms.CharField(label="Số", required=False, max_length=20)
    symbol = forms.CharField(label="Ký hiệu", required=False, max_length=60)
    issued_on = forms.DateField(
        label="Ngày ban hành", required=False, widget=DateInput, error_messages={"invalid": BAD_DATE}
    )
    subject = forms.CharField(label="Trích yếu", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    signer_name = forms.CharField(label="Người ký", required=False, max_length=120)
    signer_title = forms.CharField(label="Chức vụ người ký", required=False, max_length=160)
    signing_authority = forms.CharField(label="Thẩm quyền ký", required=False, max_length=160)
    assigned_by = forms.TypedChoiceField(
        label="Lãnh đạo giao nhiệm vụ (cho mọi nhiệm vụ của văn bản)",
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, leader_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        kind = (
            self.initial.get("kind") or (self.data.get(self.add_prefix("kind")) if self.data else "")
        ) or ""
        choices = [("", "—"), *KIND_CHOICES]
        if kind and kind not in dict(KIND_CHOICES):
            choices.append((kind, kind))  # a code the list does not know, as extracted
        self.fields["kind"].choices = choices
        self.fields["assigned_by"].choices = [("", "— Chọn lãnh đạo giao nhiệm vụ —"), *leader_choices]
