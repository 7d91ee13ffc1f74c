"""Tenant templates run sandboxed; their mistakes become readable TemplateErrors."""

from __future__ import annotations

import pytest

from mustard_core.resumes import ResumeOptions, TemplateError
from mustard_core.resumes.samples import sample_branding, sample_candidate

OPTIONS = ResumeOptions(template="acme-2026")


def render(renderer, source: str) -> str:
    return renderer.render_html(sample_candidate(), OPTIONS, sample_branding(),
                                tenant_template=source)


@pytest.mark.parametrize("source, line, words", [
    ("<p>\n{{ ''.__class__.__mro__ }}\n</p>", 2, "__class__"),
    ("{{ candidate.__class__ }}", 1, "__class__"),
    ("<p>\n\n{{ cycler.__init__.__globals__ }}</p>", 3, "__init__"),
    ("{{ sections.append({'key': 'x'}) }}", 1, "append"),
    ("{% set d = branding %}{{ d.update(primary='#000000') }}", 1, "update"),
])
def test_sandbox_violations_are_template_errors(renderer, source, line, words):
    with pytest.raises(TemplateError) as raised:
        render(renderer, source)

    assert raised.value.lineno == line
    assert words in str(raised.value)
    assert str(raised.value).startswith(f"line {line}: not allowed in templates")


def test_syntax_errors_name_the_line(renderer):
    source = "<html>\n<body>\n<h1>{{ candidate.display_name }</h1>\n</body>\n</html>"

    with pytest.raises(TemplateError) as raised:
        render(renderer, source)

    assert raised.value.lineno == 3
    assert str(raised.value) == "line 3: syntax error: unexpected '}'"
    assert raised.value.errors == [{"field": "template", "message": str(raised.value)}]


def test_unknown_tags_and_variables_are_readable(renderer):
    with pytest.raises(TemplateError, match=r"^line 2: syntax error: .*'frobnicate'"):
        render(renderer, "ok\n{% frobnicate %}")
    with pytest.raises(TemplateError, match=r"^line 1: 'candidat' is undefined$"):
        render(renderer, "{{ candidat.display_name }}")


def test_runtime_errors_are_template_errors(renderer):
    with pytest.raises(TemplateError, match=r"^line 3: ZeroDivisionError"):
        render(renderer, "a\nb\n{{ 1 / 0 }}")


def test_only_the_built_in_templates_can_be_included(renderer):
    with pytest.raises(TemplateError, match="no such template"):
        render(renderer, "{% include '../renderer.py' %}")
    with pytest.raises(TemplateError, match="no such template"):
        render(renderer, "{% include '/etc/passwd' %}")


def test_runaway_output_is_stopped(renderer):
    with pytest.raises(TemplateError, match="more than 5 MB"):
        render(renderer, "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}")


def test_a_tenant_template_can_extend_a_built_in_one(renderer, pdf_reader):
    source = """{% extends "classic.html" %}
{% block content %}
<h1 class="name">{{ candidate.display_name }}</h1>
<p>Shortlisted for {{ branding.company_name }}</p>
{% for job in experience %}<p>{{ job.title }} at {{ job.company }}</p>{% endfor %}
{% endblock %}"""
    pdf = renderer.render_pdf(sample_candidate(), OPTIONS, sample_branding(),
                              tenant_template=source)
    text = pdf_reader(pdf.data).text

    assert "Amelia Hartley" in text
    assert "Shortlisted for Northbridge Talent" in text
    assert "Lead Data Platform Engineer at Harbourline Logistics Ltd" in text
    assert "Page 1 of 1" in text  # the built-in page frame came along
    assert pdf.refused_urls == ()


def test_tenant_template_names_are_not_checked_against_built_ins(renderer):
    assert render(renderer, "<p>{{ document.template }}</p>") == "<p>acme-2026</p>"
