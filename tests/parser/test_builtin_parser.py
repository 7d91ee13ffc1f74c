"""The built-in parser provider, end to end through its sandboxed child."""

from __future__ import annotations

import sys

import pluggy
import pytest

import mustard_core.builtin.parser as builtin_parser_plugin
from mustard_core import hookspecs
from mustard_core.builtin.parser.provider import BuiltinParser, candidate_from_json
from mustard_core.builtin.parser.sandbox import Limits
from mustard_core.plugins import provider_factories
from mustard_core.profile import ParsedCandidate, profile_errors
from mustard_core.roles import ParseError, Parser, ProviderContext
from mustard_core.settings import resolve_settings
from mustard_core.testing.conformance import ParserConformance
from tests.fixtures import cvs


class TestBuiltinParserConformance(ParserConformance):
    @pytest.fixture
    def parser(self, builtin_parser):
        return builtin_parser


def _digits(text: str | None) -> str:
    return "".join(ch for ch in text or "" if ch.isdigit())


@pytest.mark.parametrize(("filename", "data", "person"), cvs.samples(),
                         ids=[name for name, _, _ in cvs.samples()])
def test_every_sample_parses_to_its_facts(builtin_parser, parse_tenant, filename, data, person):
    parsed = builtin_parser.parse(data, media_type="application/octet-stream",
                                  filename=filename, tenant=parse_tenant)
    assert isinstance(parsed, ParsedCandidate)
    assert profile_errors(parsed.profile) == []
    assert (parsed.name, parsed.email) == (person.name, person.email)
    assert _digits(parsed.phone) == _digits(person.phone)
    assert parsed.location == person.location
    assert parsed.headline == person.headline
    jobs = [(j["title"], j["company"], j["start"], j["end"], j["current"])
            for j in parsed.profile["experience"]]
    assert jobs == [(j.title, j.company, j.start, j.end, j.end is None) for j in person.jobs]
    studies = [(e["institution"], e["degree"], e["field"], e["start"], e["end"])
               for e in parsed.profile["education"]]
    assert studies == [(s.institution, s.degree, s.field, s.start, s.end)
                       for s in person.education]
    skills = {skill["name"] for skill in parsed.profile["skills"]}
    assert set(person.skills) <= skills
    assert [(lang["name"], lang["level"]) for lang in parsed.profile["languages"]] == list(
        person.languages)
    if "two-column" not in filename:  # the sidebar layout carries no links
        assert [link["url"] for link in parsed.profile["links"]] == list(person.links)
    assert parsed.profile["summary"] == person.summary
    assert person.name in parsed.text
    assert parsed.confidence["email"] > 0.9 and parsed.confidence["experience"] > 0.9


def test_what_a_cv_does_not_say_is_not_invented(builtin_parser, parse_tenant):
    parsed = builtin_parser.parse(cvs.html_cv(cvs.ADA), media_type="text/html",
                                  filename="ada.html", tenant=parse_tenant)
    names = {skill["name"] for skill in parsed.profile["skills"]}
    assert not names & {"Haskell", "Erlang", "COBOL", "Fortran", "GitHub", "LinkedIn", "Ada"}


def test_the_bytes_decide_not_the_declared_type(builtin_parser, parse_tenant):
    parsed = builtin_parser.parse(cvs.pdf_cv(cvs.GRACE), media_type="text/plain",
                                  filename="grace.txt", tenant=parse_tenant)
    assert parsed.name == "Grace Hopper"
    assert parsed.raw["format"] == "pdf"


@pytest.mark.parametrize(("data", "words"), [
    (cvs.zip_bomb_docx(), "zip bomb"),
    (cvs.entity_bomb_docx(), "not allowed (DTD or entities)"),
    (cvs.truncated_pdf(), "truncated"),
    (cvs.zero_pdf(), "not a format we can read"),
    (cvs.exe_as_docx(), "a program, not a document"),
    (cvs.plain_zip(), "ZIP archive"),
    (cvs.legacy_doc(), "legacy Word .doc is not supported; save as .docx or PDF"),
    (cvs.encrypted_pdf(), "password-protected"),
    (cvs.image_only_pdf(), "no text found"),
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "image"),
], ids=["zip-bomb", "entity-bomb", "truncated-pdf", "zero-pdf", "exe", "zip", "doc",
        "encrypted-pdf", "scanned-pdf", "empty", "png"])
def test_hostile_and_unsupported_files_fail_with_a_reason(builtin_parser, parse_tenant, data,
                                                          words):
    with pytest.raises(ParseError) as info:
        builtin_parser.parse(data, media_type="application/pdf", filename="cv.docx",
                             tenant=parse_tenant)
    assert words in info.value.reason
    assert not info.value.transient


def test_the_plugin_offers_the_builtin_provider_built_from_settings():
    pm = pluggy.PluginManager("mustard")
    pm.add_hookspecs(hookspecs)
    pm.register(builtin_parser_plugin, name="parser")
    factories = provider_factories(pm, "parser")
    assert set(factories) == {"builtin"}
    declared = [setting for group in pm.hook.mustard_settings() for setting in group]
    assert {s.key for s in declared} == {
        "mustard.parser.builtin.timeout_seconds", "mustard.parser.builtin.cpu_seconds",
        "mustard.parser.builtin.memory_mb"}
    settings = resolve_settings({"mustard.secret_key": "k" * 32, "sqlalchemy.url": "sqlite://"},
                                declared=declared,
                                environ={"MUSTARD_PARSER_MEMORY_MB": "512"})
    parser = factories["builtin"](ProviderContext(settings=settings))
    assert isinstance(parser, Parser)
    assert parser.limits == Limits(memory_bytes=512 * 1024 * 1024, cpu_seconds=30,
                                   wall_seconds=60.0)


def test_health_fails_when_the_child_cannot_run(monkeypatch):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python3")
    health = BuiltinParser().health()
    assert not health.ok
    assert "could not start" in health.detail


@pytest.mark.parametrize("answer", [
    None, [], {"name": 3}, {"profile": {"skills": "Python"}},
    {"profile": {}, "confidence": {"name": 7}}, {"profile": {}, "confidence": {"name": "high"}},
    {"profile": {}, "text": 12}, {"profile": {}, "raw": "x"},
    {"profile": {}, "email": "x" * 5000},
])
def test_a_child_answer_out_of_shape_is_refused(answer):
    with pytest.raises(ParseError):
        candidate_from_json(answer)


def test_a_well_formed_child_answer_becomes_a_candidate():
    parsed = candidate_from_json({"name": "Ada Lovelace", "profile": {"skills": [
        {"name": "Python"}]}, "confidence": {"name": 0.9}, "text": "Ada Lovelace"})
    assert parsed.name == "Ada Lovelace"
    assert parsed.profile == {"skills": [{"name": "Python"}]}


@pytest.mark.parametrize("generator", [
    cvs.pdf_cv, cvs.pdf_two_column_cv, cvs.docx_cv, cvs.rtf_cv, cvs.html_cv, cvs.txt_cv,
    cvs.encrypted_pdf, cvs.zip_bomb_docx, cvs.entity_bomb_docx, cvs.image_only_pdf,
])
def test_sample_files_are_the_same_bytes_every_time(generator):
    assert generator() == generator()
