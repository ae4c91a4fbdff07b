"""Forms of the column's staff pages (labels in Vietnamese: the column is a public-facing app)."""

from __future__ import annotations

from typing import Any

from django import forms

from cchc.core.choices import Action
from cchc.reports.models import Topic
from cchc.units.models import OrgUnit

from .choices import ItemKind
from .models import Item


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=[
        (ItemKind.ARTICLE, "Tin, bài viết"), (ItemKind.VIDEO, "Video clip"),
        (ItemKind.INFOGRAPHIC, "Infographic"), (ItemKind.DOCUMENT, "Văn bản")])
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=OrgUnit.objects.none())
    title = forms.CharField(label="Tiêu đề", max_length=300)
    summary = forms.CharField(label="Tóm tắt", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)
    body = forms.CharField(label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text="Có thể dùng HTML đơn giản: đoạn văn, in đậm, danh sách, liên kết, bảng.")
    topics = forms.ModelMultipleChoiceField(label="Chủ đề", queryset=Topic.objects.filter(is_active=True),
                                            required=False, widget=forms.CheckboxSelectMultiple)
    cover = forms.FileField(label="Ảnh đại diện", required=False,
                            help_text="JPEG, PNG, WEBP hoặc GIF, tối đa 10 MB; ảnh được thu nhỏ tự động.")
    cover_alt = forms.CharField(label="Mô tả ảnh (cho người không nhìn thấy ảnh)", required=False, max_length=300)
    video = forms.FileField(label="Tệp video", required=False, help_text="MP4 hoặc WEBM.")
    video_url = forms.URLField(label="Hoặc liên kết video", required=False, max_length=500, assume_scheme="https")

    def __init__(self, *args: Any, user: Any, item: Item | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.restrict(user, Action.VIEW).select_related("kind")
        units = list(self.fields["unit"].queryset[:2])
        if len(units) == 1:
            self.fields["unit"].initial = units[0]
        if item is not None:
            self.fields["unit"].disabled = True
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)


class ReturnForm(forms.Form):
    reason = forms.CharField(label="Lý do trả lại", widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                             max_length=2000)


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(label="Đăng lúc", input_formats=["%Y-%m-%dT%H:%M"],
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local",
                                                                       "class": "form-control"}))
