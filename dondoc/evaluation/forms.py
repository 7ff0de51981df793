"""Forms of the evaluation screens. Scores are typed as text ("4,5" or "4.5") and
checked by the services, which know the criteria set; the forms only carry them, so a
refused value comes back to the screen as typed."""

from __future__ import annotations

from django import forms

from .choices import Averaging, Rating, Rounding
from .formula import points
from .models import CriteriaSet

LEVEL_CHOICES = [("", "— chọn mức —")] + [
    (r.value, r.label) for r in (Rating.EXCELLENT, Rating.GOOD, Rating.PASS, Rating.FAIL)
]


class StepForm(forms.Form):
    """One step of the flow: a score per general criterion (points regime) or a level
    (levels regime), and the step's comment and reason fields."""

    def __init__(
        self,
        *args,
        criteria_set: CriteriaSet,
        initial_scores: dict | None = None,
        results: bool = False,
        level: str = "",  # "", "required" or "optional"
        comment_label: str = "",
        reason: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.criteria_set = criteria_set
        self.score_names = []
        if criteria_set.has_general:
            for criterion in criteria_set.criteria.all():
                name = f"score_{criterion.code}"
                self.fields[name] = forms.CharField(
                    label=f"{criterion.name} (tối đa {points(criterion.max_points)})",
                    required=False,
                    initial=(initial_scores or {}).get(criterion.code, "").replace(".", ","),
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5, "autocomplete": "off"}),
                    help_text=criterion.description,
                )
                self.score_names.append((criterion.code, name))
        if results:
            self.fields["results"] = forms.CharField(
                label=f"Điểm kết quả thực hiện nhiệm vụ (để trống: giữ điểm tính từ nhiệm vụ; tối đa {points(criteria_set.results_max)})",
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6, "autocomplete": "off"}),
            )
        if level:
            label = (
                "Mức xếp loại"
                if level == "required"
                else "Hạ mức xếp loại (nếu cần, ví dụ vượt tỷ lệ xuất sắc)"
            )
            self.fields["level"] = forms.ChoiceField(label=label, choices=LEVEL_CHOICES, required=False)
        if comment_label:
            self.fields["comment"] = forms.CharField(
                label=comment_label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        if reason:
            self.fields["reason"] = forms.CharField(
                label="Lý do thay đổi (bắt buộc khi sửa điểm hoặc mức xếp loại)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self) -> dict:
        return {code: self.cleaned_data.get(name, "") for code, name in self.score_names}

    def score_fields(self):
        return [self[name] for _code, name in self.score_names]

    def other_fields(self):
        names = {name for _code, name in self.score_names}
        return [self[name] for name in self.fields if name not in names]


class AmendForm(forms.Form):
    reason = forms.CharField(label="Lý do sửa đổi", widget=forms.Textarea(attrs={"rows": 2}))


class CauseForm(forms.Form):
    product = forms.ChoiceField(label="Sản phẩm", required=False)
    quality = forms.BooleanField(label="Miễn trừ điểm chất lượng (sản phẩm bị trả lại)", required=False)
    timeliness = forms.BooleanField(
        label="Miễn trừ điểm tiến độ (chậm, quá hạn)", required=False, initial=True
    )
    reason = forms.CharField(label="Nguyên nhân khách quan", widget=forms.Textarea(attrs={"rows": 3}))
    reference = forms.CharField(label="Văn bản xác nhận (số, ký hiệu)", required=False, max_length=120)

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", "Mọi sản phẩm của nhiệm vụ")] + [
            (p, p) for p in task.products or []
        ]


class RevokeForm(forms.Form):
    reason = forms.CharField(label="Lý do hủy xác nhận", widget=forms.Textarea(attrs={"rows": 2}))


class CriteriaSetForm(forms.ModelForm):
    """The fields of a new version of a criteria set (the criteria come as a formset)."""

    class Meta:
        model = CriteriaSet
        fields = [
            "name",
            "effective_from",
            "legal_basis",
            "general_max",
            "results_max",
            "averaging",
            "weight_quantity",
            "weight_quality",
            "weight_timeliness",
            "quality_deduction_percent",
            "timeliness_deduction_percent",
            "delay_unit_days",
            "unit_results_percent",
            "score_decimals",
            "rounding",
            "excellent_min",
            "good_min",
            "pass_min",
            "excellent_requires_on_time",
            "discipline_fails",
            "min_worked_percent",
            "note",
        ]
        widgets = {
            "effective_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "averaging": forms.Select(choices=Averaging.choices),
            "rounding": forms.Select(choices=Rounding.choices),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class CriterionForm(forms.Form):
    code = forms.SlugField(label="Mã", max_length=40, required=False)
    name = forms.CharField(label="Tiêu chí", max_length=255, required=False)
    max_points = forms.DecimalField(
        label="Điểm tối đa", max_digits=6, decimal_places=2, min_value=0, required=False
    )
    description = forms.CharField(label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 1}))

    def clean(self):
        data = super().clean()
        if data.get("name") and (not data.get("code") or data.get("max_points") is None):
            raise forms.ValidationError("Tiêu chí cần có mã và điểm tối đa.")
        return data


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2)
