from django import forms

from dondoc.org.models import Person
from dondoc.reports.stats import AGEING, NONE, STATUS_CHOICES
from dondoc.tasks.choices import OfficeQueue, TaskState
from dondoc.tasks.models import Field

from .widgets import date_field, use_people, use_unit_tree

NO_LEADER = "none"
# A person picker lists at most this many people: a province has 30,000, and a select
# of them all weighs megabytes. Beyond it the picker lists the people of the lead unit
# chosen in the filter (its subtree); a link with ?assignee= works whatever the size.
PEOPLE_PICKER_MAX = 400
# The list's `part` value for the breakdown parts a user sees without their parent task.
BREAKDOWN = "phan-cong"


class TaskFilterForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=200)
    unit = forms.ModelChoiceField(
        label="Đơn vị chủ trì",
        queryset=None,
        required=False,
        error_messages={"invalid_choice": "Đơn vị này không thuộc phạm vi anh/chị được xem."},
    )
    status = forms.ChoiceField(label="Tình trạng", required=False, choices=[("", "Tất cả"), *STATUS_CHOICES])
    ageing = forms.ChoiceField(
        label="Quá hạn",
        required=False,
        choices=[("", "Tất cả"), *((code, label) for code, label, *_ in AGEING)],
    )
    field = forms.CharField(label="Lĩnh vực", required=False, widget=forms.Select)
    state = forms.ChoiceField(
        label="Bước xử lý", required=False, choices=[("", "Tất cả"), *TaskState.choices]
    )
    assignee = forms.ModelChoiceField(
        label="Người thực hiện",
        queryset=None,
        required=False,
        error_messages={"invalid_choice": "Người này không thuộc phạm vi anh/chị được xem."},
    )
    leader = forms.ChoiceField(label="Lãnh đạo giao", required=False)
    queue = forms.ChoiceField(
        label="Đang chờ", required=False, choices=[("", "Tất cả"), *OfficeQueue.choices]
    )
    due_from = date_field("Hạn từ ngày")
    due_to = date_field("Đến ngày")
    assigned_from = date_field("Giao từ ngày")
    assigned_to = date_field("Giao đến ngày")
    as_of = date_field("Tình trạng tính đến ngày", help_text="Để trống: hôm nay.")
    document = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # With `unit`: only the tasks that unit leads itself, not those of the units below.
    direct = forms.BooleanField(required=False, widget=forms.HiddenInput)
    part = forms.ChoiceField(
        label="Phạm vi",
        required=False,
        choices=[
            ("", "Nhiệm vụ theo văn bản"),
            (BREAKDOWN, "Phần việc được phân công cho đơn vị, cá nhân"),
        ],
    )

    def __init__(self, *args, units=None, people=None, leaders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        use_unit_tree(self.fields["unit"], units, empty_label="Tất cả")
        people = people if people is not None else Person.objects.none()
        self.fields["assignee"].queryset = people
        use_people(self.fields["assignee"], self._people_to_list(people, units))
        self.fields["leader"].choices = [
            ("", "Tất cả"),
            *[(str(p.pk), p.full_name) for p in leaders],
            (NO_LEADER, "Chưa có lãnh đạo giao"),
        ]
        self.fields["field"].widget.choices = [
            ("", "Tất cả"),
            *[(str(f.pk), f.name) for f in Field.objects.filter(active=True)],
            (NONE, "Chưa xác định lĩnh vực"),
        ]

    def clean_field(self):
        """A field's id, `NONE`, or None for all (an inactive field's id is accepted)."""
        value = self.data.get(self.add_prefix("field")) or ""
        if value == NONE:
            return NONE
        if not value:
            return None
        if not value.isdigit() or not Field.objects.filter(pk=int(value)).exists():
            raise forms.ValidationError("Lĩnh vực không hợp lệ.")
        return int(value)

    def _people_to_list(self, people, units) -> list:
        """The active people the assignee picker lists (`PEOPLE_PICKER_MAX`)."""
        # No order: the picker groups and sorts them itself (`people_choices`).
        listed = people.select_related("unit").filter(active=True).order_by()
        found = list(listed[: PEOPLE_PICKER_MAX + 1])
        if len(found) <= PEOPLE_PICKER_MAX:
            return found
        field = self.fields["assignee"]
        field.help_text = "Chọn đơn vị chủ trì để chọn người thực hiện trong đơn vị đó."
        unit_id = self.data.get("unit") if self.is_bound else None
        unit = (
            units.filter(pk=unit_id).first() if units is not None and str(unit_id or "").isdigit() else None
        )
        found = []
        if unit is not None:
            found = list(listed.filter(unit__path__startswith=unit.path)[: PEOPLE_PICKER_MAX + 1])
            if len(found) > PEOPLE_PICKER_MAX:
                found = []
        chosen = self.data.get("assignee") if self.is_bound else None
        if str(chosen or "").isdigit() and all(str(p.pk) != chosen for p in found):
            found += list(listed.filter(pk=chosen))
        return found

    def clean_leader(self):
        """A leader's id, `NO_LEADER`, or None for all."""
        value = self.cleaned_data.get("leader") or ""
        if value == NO_LEADER:
            return NO_LEADER
        return int(value) if value else None

    def clean(self):
        data = super().clean()
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            raise forms.ValidationError("Ngày bắt đầu phải trước ngày kết thúc.")
        if (
            data.get("assigned_from")
            and data.get("assigned_to")
            and data["assigned_from"] > data["assigned_to"]
        ):
            raise forms.ValidationError("Ngày giao “từ ngày” phải trước “đến ngày”.")
        return data
