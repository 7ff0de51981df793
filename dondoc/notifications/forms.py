from django import forms

from .urging import MAX_TEXT


class UrgingForm(forms.Form):
    text = forms.CharField(
        label="Nội dung đôn đốc",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        error_messages={
            "required": "Nội dung đôn đốc không được để trống.",
            "max_length": f"Nội dung đôn đốc dài quá {MAX_TEXT} ký tự.",
        },
    )
