from django import forms

from dondoc.tasks.choices import Status

# The list's `part` value for the breakdown parts a user sees without their parent task.
BREAKDOWN = "phan-cong"


class TaskFilterForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=200)
    unit = forms.ModelChoiceField(label="Đơn vị chủ trì", queryset=None, required=False, empty_label="Tất cả")
    status = forms.ChoiceField(label="Tình trạng", required=False, choices=[("", "Tất cả"), *Status.choices])
    due_from = forms.DateField(
        label="Hạn từ ngày", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    due_to = forms.DateField(label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    as_of = forms.DateField(
        label="Tình trạng tính đến ngày",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Để trống: hôm nay.",
    )
    document = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    part = forms.ChoiceField(
        label="Phạm vi",
        required=False,
        choices=[
            ("", "Nhiệm vụ theo văn bản"),
            (BREAKDOWN, "Phần việc được phân công cho đơn vị, cá nhân"),
        ],
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            raise forms.ValidationError("Ngày bắt đầu phải trước ngày kết thúc.")
        return data
