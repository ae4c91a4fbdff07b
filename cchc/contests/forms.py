"""Forms of the contests (public and organisers')."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.core import clock
from cchc.units.models import OrgUnit

from .choices import AgeGroup, QuestionKind
from .models import Contest, Criterion, Round


def bootstrap(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


def unit_queryset() -> Any:
    return OrgUnit.objects.open_on(clock.today()).order_by("sort_name")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.short_name or obj.name


class EntrantForm(StyledForm):
    name = forms.CharField(label="Họ và tên", max_length=120)
    phone = forms.CharField(label="Số điện thoại", max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                            help_text="Mỗi số điện thoại là một người dự thi. Ban tổ chức dùng số này để liên hệ "
                                      "trao giải; số điện thoại không được công khai.")
    unit = UnitChoiceField(label="Cơ quan, đơn vị (nếu có)", queryset=OrgUnit.objects.none(), required=False,
                           empty_label="— Không thuộc cơ quan, đơn vị nào —")
    commune = forms.CharField(label="Xã, phường, thị trấn nơi ở", max_length=120, required=False)
    age_group = forms.ChoiceField(label="Độ tuổi", choices=[("", "—")] + list(AgeGroup.choices), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_queryset()


class EntryForm(EntrantForm):
    title = forms.CharField(label="Tên bài dự thi", max_length=255)
    text = forms.CharField(label="Nội dung bài (hoặc đính kèm tệp)", widget=forms.Textarea(attrs={"rows": 10}),
                           required=False)
    file = forms.FileField(label="Tệp bài dự thi (PDF, DOCX, DOC, ảnh chụp JPG/PNG)", required=False)


def prizes_to_text(prizes: list[dict]) -> str:
    return "\n".join(f"{p.get('name', '')}: {p.get('count', 0)}" for p in prizes or [])


def parse_prizes(text: str) -> list[dict]:
    """ "Giải Nhất: 1" per line → [{"name": "Giải Nhất", "count": 1}, …]; ValidationError in Vietnamese."""
    prizes = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, _, count = line.rpartition(":")
        try:
            value = int(count.strip())
        except ValueError:
            value = -1
        if not name.strip() or not 0 < value <= 1000:
            raise forms.ValidationError(f"Dòng {number}: ghi “tên giải: số giải”, ví dụ “Giải Nhất: 1”.")
        prizes.append({"name": " ".join(name.split())[:80], "count": value})
    return prizes


class PrizesMixin:
    """A text field for the prize structure, one prize per line."""

    def add_prizes_field(self) -> None:
        self.fields["prizes_text"] = forms.CharField(
            label="Cơ cấu giải (mỗi dòng một giải: tên giải: số giải)", required=False,
            widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
            initial=prizes_to_text(self.instance.prizes), help_text="Ví dụ: Giải Nhất: 1")

    def clean_prizes_text(self) -> list[dict]:
        return parse_prizes(self.cleaned_data.get("prizes_text", ""))

    def save(self, commit: bool = True) -> Any:
        self.instance.prizes = self.cleaned_data["prizes_text"]
        return super().save(commit=commit)  # type: ignore[misc]


class ContestForm(PrizesMixin, StyledModelForm):
    class Meta:
        model = Contest
        fields = ["title", "slug", "kind", "description", "organiser", "is_published", "entries_open_until",
                  "spread_threshold"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}),
                   "entries_open_until": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_prizes_field()


class RoundForm(PrizesMixin, StyledModelForm):
    class Meta:
        model = Round
        fields = ["number", "title", "starts_at", "ends_at", "question_count", "time_limit_minutes", "max_attempts",
                  "tie_break_question", "tie_break_answer"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_prizes_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "Thời điểm kết thúc phải sau thời điểm bắt đầu.")
        return data


class QuestionForm(StyledForm):
    text = forms.CharField(label="Câu hỏi", widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label="Loại", choices=QuestionKind.choices)
    choices = forms.CharField(
        label="Các đáp án", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Mỗi dòng một đáp án; đánh dấu đáp án đúng bằng dấu * ở đầu dòng.")

    def parsed_choices(self) -> list[tuple[str, bool]]:
        result = []
        for line in self.cleaned_data["choices"].splitlines():
            line = line.strip()
            if line:
                result.append((line.lstrip("*").strip(), line.startswith("*")))
        return result


class ImportForm(StyledForm):
    file = forms.FileField(label="Tệp Excel (XLSX)",
                           help_text="Dòng đầu là tiêu đề. Cột: Câu hỏi | Loại (một/nhiều) | Đáp án A | Đáp án B | … "
                                     "| Đáp án đúng (ví dụ: B hoặc A, C).")


class CriterionForm(StyledModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "max_points", "order"]


class DisqualifyForm(StyledForm):
    reason = forms.CharField(label="Lý do loại", max_length=500)
