"""Every form of Daxtra failure -> a ParseError with a readable reason and the right retry flag."""

from __future__ import annotations

import json
import socket

import daxtra_cvs
import pytest
from fake_daxtra import MAX_BYTES

from mustard_core.roles import ParseError
from mustard_daxtra.client import Answer, error_in, profile_from, token_from

# --------------------------------------------------------------------------- answers, no I/O


def _json(document, status=200) -> Answer:
    return Answer(status, "application/json;charset=UTF8", json.dumps(document).encode())


@pytest.mark.parametrize(("answer", "transient", "words"), [
    (_json({"CSERROR": {"code": 12, "message": "Invalid account"}}), False,
     ["Invalid account", "12"]),
    (_json({"CSERROR": {"code": "E_CONV", "message": "conversion failed"}}), False,
     ["conversion failed", "E_CONV"]),
    (_json({"CSERROR": "bare message"}), False, ["bare message"]),
    (_json({"CSERROR": {"code": 1, "message": "overloaded"}}, status=503), True,
     ["overloaded", "503", "retried"]),
    (Answer(400, "text/xml", b"<CSERROR code='10'>document needs to be specified!</CSERROR>"),
     False, ["document needs to be specified!", "10"]),
    (Answer(200, "text/xml", b'<?xml version="1.0"?>\n<CSERROR code="7">A &amp; B</CSERROR>'),
     False, ["A & B", "7"]),
    (Answer(200, "text/plain", b"ERROR: Document conversion failed\n"), False,
     ["Document conversion failed"]),
    (Answer(500, "text/html", b"<html>Internal Server Error</html>"), True, ["HTTP 500"]),
    (Answer(502, "text/plain", b""), True, ["HTTP 502"]),
    (Answer(429, "text/plain", b""), True, ["HTTP 429"]),
    (Answer(403, "text/plain", b""), False, ["account", "HTTP 403"]),
    (Answer(404, "text/plain", b"not here"), False, ["HTTP 404"]),
])
def test_error_forms(answer, transient, words):
    error = error_in(answer)
    assert isinstance(error, ParseError)
    assert error.transient is transient
    for word in words:
        assert word in error.reason
    assert "\n" not in error.reason


def test_success_is_not_an_error_and_odd_charsets_are_tolerated():
    body = "\ufeff" + json.dumps({"Resume": {"TextResume": "Zoë"}}, ensure_ascii=False)
    answer = Answer(200, "application/json;charset=UTF8", body.encode("utf-8"))
    assert error_in(answer) is None
    assert profile_from(answer)["Resume"]["TextResume"] == "Zoë"
    latin = Answer(200, "text/plain;charset=ISO-8859-1", "ERROR: caf\xe9".encode("latin-1"))
    assert "caf" in error_in(latin).reason


def test_a_very_long_message_is_cut():
    error = error_in(_json({"CSERROR": {"code": 1, "message": "x " * 5000}}))
    assert len(error.reason) <= 300


def test_a_200_that_is_not_json_is_transient_and_json_without_a_resume_is_not():
    with pytest.raises(ParseError) as html_page:
        profile_from(Answer(200, "text/html", b"<html>gateway</html>"))
    assert html_page.value.transient
    with pytest.raises(ParseError) as no_resume:
        profile_from(_json({"Something": {}}))
    assert not no_resume.value.transient


def test_profile_token_is_found_at_top_level_or_inside_the_resume():
    assert token_from({"full_profile_token": "a1"}) == "a1"
    assert token_from({"Resume": {"full_profile_token": "b2"}}) == "b2"
    assert token_from({"Resume": {}}) is None


# --------------------------------------------------------------------------- over the wire


@pytest.mark.parametrize(("kind", "transient", "words"), [
    ("cserror", False, ["Conversion of the document failed", "7"]),
    ("error_text", False, ["Document conversion failed"]),
    ("xml_cserror", False, ["document format is not supported", "21"]),
    ("http_500", True, ["HTTP 500", "retried"]),
    ("http_503", True, ["HTTP 503", "overloaded"]),
    ("http_403", False, ["account"]),
    ("slow", True, ["did not answer within 0.3 seconds"]),
    ("disconnect", True, ["could not be reached"]),
])
def test_each_failure_from_the_server(make_parser, fake, tenant, kind, transient, words):
    fake.fail_next(kind)
    parser = make_parser(timeout=0.3)
    with pytest.raises(ParseError) as info:
        parser.parse(daxtra_cvs.ADA_CV, media_type="text/plain", filename="a.txt", tenant=tenant)
    assert info.value.transient is transient
    for word in words:
        assert word in info.value.reason
    assert [call.outcome for call in fake.requests] == [f"failure:{kind}"]


def test_connection_refused_is_transient(make_parser, tenant):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    parser = make_parser(base_url=f"http://127.0.0.1:{port}/cvx/rest/api/v1/")
    with pytest.raises(ParseError) as info:
        parser.parse(daxtra_cvs.ADA_CV, media_type="text/plain", filename="a.txt", tenant=tenant)
    assert info.value.transient
    assert "could not be reached" in info.value.reason


def test_cv_without_name_and_contact_fails_permanently(make_parser, fake, tenant):
    with pytest.raises(ParseError) as info:
        make_parser().parse(daxtra_cvs.NO_CONTACT_CV, media_type="text/plain",
                            filename="cv.txt", tenant=tenant)
    assert not info.value.transient
    assert "no name and contact" in info.value.reason
    assert fake.requests[0].outcome == "parse failed"


def test_a_profile_with_no_name_and_no_contact_is_refused(make_parser, fake, tenant):
    """Daxtra may also answer a profile that has neither; that is no candidate either."""
    fake.resumes["EMPTY-PROFILE-MARKER"] = lambda text: {
        "StructuredResume": {"Competency": [{"skillName": "Welding", "description": "Skill"}]},
        "TextResume": text}
    with pytest.raises(ParseError) as info:
        make_parser().parse(b"EMPTY-PROFILE-MARKER welding", media_type="text/plain",
                            filename="cv.txt", tenant=tenant)
    assert not info.value.transient
    assert "no name and no contact" in info.value.reason


def test_unknown_account_is_permanent(make_parser, fake, tenant):
    with pytest.raises(ParseError) as info:
        make_parser(account="NOBODY").parse(daxtra_cvs.ADA_CV, media_type="text/plain",
                                            filename="a.txt", tenant=tenant)
    assert not info.value.transient
    assert "Invalid account" in info.value.reason
    assert fake.requests[0].outcome == "bad account"


def test_files_over_the_limit_are_refused_before_sending(make_parser, fake, tenant):
    with pytest.raises(ParseError) as info:
        make_parser().parse(b"a" * (MAX_BYTES + 1), media_type="text/plain", filename="a.txt",
                            tenant=tenant)
    assert not info.value.transient
    assert "8.0 MB" in info.value.reason
    assert fake.requests == []


def test_the_server_refuses_over_8_mb_when_the_client_limit_is_raised(make_parser, fake, tenant):
    """The fake is strict too: a misconfigured max_bytes cannot hide Daxtra's own limit."""
    parser = make_parser(max_bytes=MAX_BYTES * 2)
    with pytest.raises(ParseError) as info:
        parser.parse(b"a" * (MAX_BYTES + 1), media_type="text/plain", filename="a.txt",
                     tenant=tenant)
    assert not info.value.transient
    assert [call.outcome for call in fake.requests] == ["too large"]


def test_transient_failures_are_retried_then_succeed(make_parser, fake, tenant):
    fake.fail_next("http_500", 2)
    parsed = make_parser(retries=2).parse(daxtra_cvs.ADA_CV, media_type="text/plain",
                                          filename="a.txt", tenant=tenant)
    assert parsed.name == "Ada Lovelace"
    assert [call.outcome for call in fake.requests] == [
        "failure:http_500", "failure:http_500", "profile"]


def test_retries_run_out_as_a_transient_error(make_parser, fake, tenant):
    fake.fail_next("disconnect", 3)
    with pytest.raises(ParseError) as info:
        make_parser(retries=1).parse(daxtra_cvs.ADA_CV, media_type="text/plain",
                                     filename="a.txt", tenant=tenant)
    assert info.value.transient
    assert len(fake.requests) == 2


def test_permanent_failures_are_not_retried(make_parser, fake, tenant):
    fake.fail_next("cserror")
    with pytest.raises(ParseError):
        make_parser(retries=3).parse(daxtra_cvs.ADA_CV, media_type="text/plain",
                                     filename="a.txt", tenant=tenant)
    assert len(fake.requests) == 1


def test_two_step_failure_in_the_second_step(make_parser, fake, tenant):
    fake.fail_next("http_500", endpoint="data")
    with pytest.raises(ParseError) as info:
        make_parser(two_step=True).parse(daxtra_cvs.ADA_CV, media_type="text/plain",
                                         filename="a.txt", tenant=tenant)
    assert info.value.transient
    assert [(call.endpoint, call.outcome) for call in fake.requests] == [
        ("profile/personal/json", "personal"), ("data", "failure:http_500")]
