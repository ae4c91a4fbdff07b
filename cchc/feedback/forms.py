"""Forms of feedback: the public form, the staff actions, reply templates, channels; the one FilterSet."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from cchc.core import clock
from cchc.lib import vn
from cchc.lib.text import clean_text
from cchc.reports.forms_activities import MultipleFileField
from cchc.units.forms import DateInput, bootstrap
from cchc.units.models import OrgUnit

from .actions import ATTACHMENT_EXTENSIONS, CONSENT_TEXT, MAX_ATTACHMENTS, check_attachments
from .choices import Channel, Status
from .models import Category, Feedback, InboundChannel, ReplyTemplate

HONEYPOT = "website"


def open_units() -> Any:
    today = clock.today()
    ids = [unit.pk for unit in OrgUnit.objects.all() if unit.is_open_on(today)]
    return OrgUnit.objects.filter(pk__in=ids).order_by("sort_name")


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name


class CategoryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.name


class SubmitForm(forms.Form):
    """What a citizen sends. ``website`` is a honeypot: hidden from people, filled by robots."""

    category = CategoryField(label="Lĩnh vực", queryset=Category.objects.filter(is_active=True), empty_label="— Chọn —")
    unit_concerned = UnitField(label="Cơ quan, đơn vị liên quan (nếu biết)", queryset=OrgUnit.objects.none(),
                               required=False, empty_label="— Không rõ —")
    title = forms.CharField(label="Tiêu đề", max_length=200)
    content = forms.CharField(label="Nội dung phản ánh, kiến nghị", widget=forms.Textarea(attrs={"rows": 6}),
                              max_length=10_000)
    files = MultipleFileField(label="Tệp đính kèm (ảnh, PDF)", required=False,
                              help_text=f"Tối đa {MAX_ATTACHMENTS} tệp: ảnh JPG, PNG, GIF, WEBP (đến 10 MB) hoặc PDF.")
    name = forms.CharField(label="Họ và tên", max_length=120, required=False)
    phone = forms.CharField(label="Số điện thoại", max_length=30, required=False)
    email = forms.EmailField(label="Thư điện tử", required=False,
                             help_text="Để nhận mã tra cứu và thông báo khi có trả lời.")
    keep_private = forms.BooleanField(label="Đề nghị không công khai phản ánh này (và câu trả lời) trên cổng",
                                      required=False)
    consent = forms.BooleanField(label="Tôi đồng ý với việc xử lý dữ liệu cá nhân nêu trên", required=True,
                                 error_messages={"required": "Vui lòng đánh dấu đồng ý để gửi phản ánh."})
    website = forms.CharField(label="Để trống ô này", required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_concerned"].queryset = open_units()
        self.fields["files"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in sorted(ATTACHMENT_EXTENSIONS))
        self.fields["phone"].widget.attrs["inputmode"] = "tel"
        bootstrap(self)
        self.consent_text = CONSENT_TEXT

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data.get("files") or []
        check_attachments(files)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for key in ("title", "content", "name", "phone"):
            if isinstance(data.get(key), str):
                data[key] = clean_text(data[key]).strip()
        phone = data.get("phone") or ""
        if phone and not all(ch.isdigit() or ch in " +.-()" for ch in phone):
            self.add_error("phone", "Số điện thoại chỉ gồm chữ số.")
        return data


class LookupForm(forms.Form):
    ma = forms.CharField(label="Mã tra cứu", max_length=24)


class RouteForm(forms.Form):
    unit = UnitField(label="Đơn vị xử lý", queryset=OrgUnit.objects.none(), empty_label="— Chọn đơn vị —")
    note = forms.CharField(label="Ghi chú (không công khai)", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = open_units()
        bootstrap(self)


class TransferForm(RouteForm):
    reason = forms.CharField(label="Lý do chuyển", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["note"]
        self.fields["unit"].label = "Chuyển sang đơn vị"
        self.prefix = "transfer"


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class NoteForm(forms.Form):
    text = forms.CharField(label="Ghi chú nội bộ", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class AnswerForm(forms.Form):
    text = forms.CharField(label="Nội dung trả lời", widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class MergeForm(forms.Form):
    into = forms.CharField(label="Mã tra cứu của phản ánh gốc", max_length=24)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["title", "category", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "slug", "group", "days_limit", "default_unit_code", "keywords", "order", "is_active"]
        widgets = {"keywords": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap(self)


class InboundChannelForm(forms.ModelForm):
    class Meta:
        model = InboundChannel
        fields = ["name", "code", "kind", "secret", "answer_url", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in Channel.choices if c[0] not in (Channel.WEB, Channel.API)]
        bootstrap(self)

    def clean_secret(self) -> str:
        secret = self.cleaned_data["secret"]
        if len(secret) < 24:
            raise ValidationError("Khóa bí mật cần ít nhất 24 ký tự.")
        return secret


def _folded_search(queryset: Any, value: str) -> Any:
    for word in vn.fold(value).split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset


class FeedbackFilterSet(django_filters.FilterSet):
    """The staff list's and the staff API's filters."""

    q = django_filters.CharFilter(method="filter_q", label="Tìm kiếm")
    status = django_filters.ChoiceFilter(choices=Status.choices, label="Trạng thái", empty_label="Mọi trạng thái")
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all(), to_field_name="slug",
                                                label="Lĩnh vực", empty_label="Mọi lĩnh vực")
    unit = django_filters.ModelChoiceFilter(queryset=OrgUnit.objects.all(), label="Đơn vị xử lý",
                                            empty_label="Mọi đơn vị")
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label="Kênh", empty_label="Mọi kênh")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Quá hạn",
                                           widget=forms.Select(choices=[("", "—"), ("true", "Quá hạn")]))
    date_from = django_filters.DateFilter(field_name="received_at__date", lookup_expr="gte", label="Từ ngày",
                                          widget=DateInput())
    date_to = django_filters.DateFilter(field_name="received_at__date", lookup_expr="lte", label="Đến ngày",
                                        widget=DateInput())

    def filter_q(self, queryset: Any, name: str, value: str) -> Any:
        return _folded_search(queryset, value)

    def filter_overdue(self, queryset: Any, name: str, value: Any) -> Any:
        if value:
            return queryset.overdue_on(clock.today())
        return queryset


class PublicFilterSet(django_filters.FilterSet):
    """The public list of answered items: search without diacritics, category, unit, year."""

    q = django_filters.CharFilter(method="filter_q", label="Tìm kiếm")
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all(), to_field_name="slug",
                                                label="Lĩnh vực", empty_label="Mọi lĩnh vực")
    unit = django_filters.ModelChoiceFilter(queryset=lambda request: OrgUnit.objects.filter(
                                                pk__in=Feedback.objects.published().values("answer_unit"))
                                            .order_by("sort_name"), field_name="answer_unit",
                                            label="Đơn vị trả lời", empty_label="Mọi đơn vị")
    year = django_filters.NumberFilter(field_name="answered_at__year", label="Năm")

    def filter_q(self, queryset: Any, name: str, value: str) -> Any:
        return _folded_search(queryset, value)
