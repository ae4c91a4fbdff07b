"""Forms of the screens pages (Vietnamese labels; the choices narrowed to what the user may manage)."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.core.choices import Action
from cchc.reports.models import Topic
from cchc.units.models import OrgUnit

from .actions import is_manager
from .choices import WEEKDAYS, SlideKind
from .models import Playlist, Screen, ScreenGroup, Slide

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M")


def _bootstrap(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def _units_for(user: Any) -> Any:
    return OrgUnit.objects.restrict(user, Action.VIEW).order_by("sort_name")


class ScreenForm(forms.ModelForm):
    class Meta:
        model = Screen
        fields = ["name", "place", "unit", "width", "height", "groups", "notes", "is_active"]
        widgets = {"groups": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"width": "Ví dụ 1920 × 1080 (Full HD), 3840 × 2160 (4K) hoặc kích thước của bảng LED."}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units_for(user)
        self.fields["unit"].empty_label = "— Chọn đơn vị —"
        if is_manager(user):
            self.fields["groups"].queryset = ScreenGroup.objects.all()
        else:
            del self.fields["groups"]
        _bootstrap(self)


class KeyedForm(forms.Form):
    """A plain POST form (regenerate, revoke): CSRF only."""


class GroupForm(forms.ModelForm):
    screens = forms.ModelMultipleChoiceField(Screen.objects.none(), label="Màn hình", required=False,
                                             widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ScreenGroup
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["screens"].queryset = Screen.objects.select_related("unit").order_by("name")
        if self.instance.pk:
            self.initial["screens"] = list(self.instance.screens.values_list("pk", flat=True))
        _bootstrap(self)


class PlaylistForm(forms.ModelForm):
    weekday_list = forms.MultipleChoiceField(label="Các ngày trong tuần", choices=WEEKDAYS,
                                             widget=forms.CheckboxSelectMultiple, initial=[1, 2, 3, 4, 5, 6, 7])
    screens = forms.ModelMultipleChoiceField(Screen.objects.none(), label="Phát trên các màn hình", required=False,
                                             widget=forms.CheckboxSelectMultiple)
    groups = forms.ModelMultipleChoiceField(ScreenGroup.objects.none(), label="Phát trên các nhóm màn hình",
                                            required=False, widget=forms.CheckboxSelectMultiple)
    topics = forms.ModelMultipleChoiceField(Topic.objects.none(), label="Chủ đề tuyên truyền", required=False,
                                            widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Playlist
        fields = ["name", "unit", "start_date", "end_date", "start_time", "end_time", "priority", "is_active"]
        widgets = {"start_date": DATE, "end_date": DATE, "start_time": TIME, "end_time": TIME}
        help_texts = {"start_time": "Để trống cả hai ô giờ để phát cả ngày.",
                      "end_time": "Có thể qua nửa đêm, ví dụ 22:00 → 06:00."}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = _units_for(user)
        self.fields["unit"].empty_label = "— Chọn đơn vị —"
        self.fields["screens"].queryset = Screen.objects.restrict(user, Action.CHANGE).select_related("unit") \
            .order_by("name")
        self.fields["topics"].queryset = Topic.objects.filter(is_active=True)
        if is_manager(user):
            self.fields["groups"].queryset = ScreenGroup.objects.all()
        else:
            del self.fields["groups"]
        if self.instance.pk:
            self.initial["weekday_list"] = [int(d) for d in self.instance.weekdays]
            self.initial["screens"] = list(self.instance.screens.values_list("pk", flat=True))
            self.initial["topics"] = list(self.instance.topics.values_list("pk", flat=True))
            if "groups" in self.fields:
                self.initial["groups"] = list(self.instance.groups.values_list("pk", flat=True))
        _bootstrap(self)

    def action_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["weekdays"] = "".join(sorted(str(d) for d in self.cleaned_data["weekday_list"]))
        return data


class SlideForm(forms.ModelForm):
    media = forms.FileField(label="Tệp hình ảnh / video", required=False,
                            help_text="Ảnh JPG, PNG, GIF, WEBP hoặc video MP4, WEBM.")

    class Meta:
        model = Slide
        fields = ["kind", "title", "text", "item", "duration", "background"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}),
                   "background": forms.TextInput(attrs={"type": "color", "class": "form-control form-control-color"})}
        help_texts = {"title": "Để trống với tin, bài chuyên mục: dùng tiêu đề của tin, bài."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from cchc.column.models import Item

        self.fields["item"].queryset = Item.objects.published().order_by("-published_at")
        self.fields["item"].required = False
        self.fields["item"].empty_label = "— Không —"
        self.fields["title"].required = False
        self.fields["kind"].choices = SlideKind.choices
        _bootstrap(self)
