"""Class 1: a user-supplied DOCX template cannot reach Python. Every escape attempt is refused on upload with a
Vietnamese reason, nothing runs, and a good template still renders."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from cchc.synthesis.templates_docx import check_template, demo_context, render_docx

from .bombs import ratio_bomb


def template(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_of(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in Document(io.BytesIO(data)).paragraphs)


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__ }}",
    "{{ numbers.__class__.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ range.__self__ }}",
    "{{ ''|attr('__class__') }}",
    "{{ (numbers|attr('__class__')).__base__.__subclasses__() }}",
    "{% set x = ''.__class__.__mro__[1] %}{{ x.__subclasses__() }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ config }}{{ request }}{{ settings.SECRET_KEY }}",
    "{{ indicators.append.__self__ }}",
    "{{ ''.format.__globals__ }}",
    "{{ '{0.__class__}'.format('') }}",
    "{{ 'x' * 1000000000 }}",
    "{{ 9 ** 999999999 }}",
    "{% for i in range(100000000) %}{% endfor %}",
    "{{ dict(a=1).__class__ }}",
    "{{ get_template }}{{ import }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_a_template_trying_to_escape_the_sandbox_is_refused(payload, tmp_path, monkeypatch):
    marker = tmp_path / "pwned"
    monkeypatch.setenv("CCHC_MARKER", str(marker))
    with pytest.raises(ValidationError) as refused:
        check_template(template("Kính gửi: UBND tỉnh {{ province }}", payload))
    message = " ".join(refused.value.messages)
    assert message and "Traceback" not in message
    assert not marker.exists()


def test_the_refusal_is_in_vietnamese():
    with pytest.raises(ValidationError) as refused:
        check_template(template("{{ ''.__class__.__mro__[1].__subclasses__() }}"))
    text = " ".join(refused.value.messages)
    assert "mẫu" in text.lower()


def test_a_command_never_runs(tmp_path):
    marker = tmp_path / "ran"
    payload = ("{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}"
               "{{ ''.__class__.__mro__[1].__subclasses__()[0].__init__.__globals__['sys'].modules['os']"
               ".system('touch " + str(marker) + "') }}")
    with pytest.raises(ValidationError):
        check_template(template(payload))
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever the error, nothing runs
        render_docx(template(payload), demo_context())
    assert not marker.exists()


def test_the_context_is_only_plain_data():
    class Secret:
        password = "hunter2"  # noqa: S105

        def __str__(self) -> str:
            return "Sở Nội vụ"

    context = {**demo_context(), "province": Secret(), "settings": object()}
    out = text_of(render_docx(template("{{ province }}|{{ settings is defined }}"), context))
    assert "Sở Nội vụ|False" in out


def test_a_good_template_still_renders():
    data = template(
        "BÁO CÁO tỉnh {{ province }} — {{ period }}",
        "{% for item in indicators %}{{ loop.index }}. {{ item.name|upper }}: {{ item.total }} {{ item.unit }}; "
        "{% endfor %}",
        "Tỷ lệ: {{ '%.0f'|format(numbers.completeness * 100) }}%; {{ missing_units|join(', ') }}",
        "{% for i in range(3) %}{{ i }}{% endfor %} {{ '-' * 10 }} {{ 2 ** 10 }}",
    )
    assert "renders" in check_template(data) or check_template(data)
    out = text_of(render_docx(data, demo_context()))
    assert "SỐ TIN BÀI TUYÊN TRUYỀN: 125" in out
    assert "Tỷ lệ: 90%" in out
    assert "012 ---------- 1024" in out


def test_a_template_that_is_a_zip_bomb_is_refused_without_inflating_it():
    with pytest.raises(ValidationError) as refused:
        check_template(ratio_bomb("docx", 1024))
    assert "giải nén" in " ".join(refused.value.messages) or refused.value.messages


def test_a_template_that_would_loop_for_hours_is_stopped(monkeypatch):
    import time

    from cchc.synthesis import templates_docx

    monkeypatch.setattr(templates_docx, "RENDER_SECONDS", 2)
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        check_template(template("{% for a in 'x' * 90000 %}{% for b in 'y' * 90000 %}{% endfor %}{% endfor %}"))
    assert time.monotonic() - started < 15
    assert "quá lâu" in refused.value.messages[0] or "bộ nhớ" in refused.value.messages[0]


def test_a_template_that_builds_gigabytes_is_stopped(monkeypatch):
    from cchc.synthesis import templates_docx

    monkeypatch.setattr(templates_docx, "RENDER_SECONDS", 5)
    monkeypatch.setattr(templates_docx, "RENDER_MEMORY", 512 * 1024 * 1024)
    payload = "{% set s = 'x' * 90000 %}{% for i in range(10000) %}{{ s }}{% endfor %}"
    with pytest.raises(ValidationError):
        check_template(template(payload))
