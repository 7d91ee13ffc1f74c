"""The fake itself must be faithful and strict, or the plugin's tests prove nothing."""

from __future__ import annotations

import base64

import daxtra_cvs
import pytest
import requests
from daxtra_support import ACCOUNT
from fake_daxtra import TOKEN_PATH


def _post(fake, endpoint, **kwargs):
    return requests.post(fake.base_url + endpoint, timeout=5, **kwargs)


def test_multipart_and_json_encodings_give_the_same_profile(fake):
    multipart = _post(fake, "profile/full/json", data={"account": ACCOUNT},
                      files={"file": ("cv.txt", daxtra_cvs.ADA_CV, "application/octet-stream")})
    as_json = _post(fake, "profile/full/json",
                    json={"account": ACCOUNT,
                          "file": base64.b64encode(daxtra_cvs.ADA_CV).decode()})
    assert multipart.status_code == as_json.status_code == 200
    assert multipart.headers["Content-Type"] == "application/json;charset=UTF8"
    assert multipart.json() == as_json.json()
    assert multipart.json()["Resume"]["StructuredResume"]["PersonName"]["FormattedName"] == (
        "Ada Lovelace")
    assert [call.encoding for call in fake.requests] == ["multipart", "json"]


def test_missing_file_is_the_documented_xml_error(fake):
    answer = _post(fake, "profile/full/json", files={"account": (None, ACCOUNT)})
    assert answer.status_code == 400
    assert answer.headers["Content-Type"].startswith("text/xml")
    assert answer.text == "<CSERROR code='10'>document needs to be specified!</CSERROR>"


def test_unknown_account_is_a_cserror_with_http_200(fake):
    answer = _post(fake, "profile/full/json", json={
        "account": "NOBODY", "file": base64.b64encode(daxtra_cvs.ADA_CV).decode()})
    assert answer.status_code == 200
    assert set(answer.json()["CSERROR"]) == {"code", "message"}


def test_options_after_the_semicolon_are_not_part_of_the_account(fake):
    answer = _post(fake, "profile/full/json", data={"account": f"{ACCOUNT};-OUT_SCHEMA json"},
                   files={"file": ("cv.txt", daxtra_cvs.ADA_CV)})
    assert "Resume" in answer.json()
    assert (fake.requests[0].account, fake.requests[0].options) == (ACCOUNT, "-OUT_SCHEMA json")


def test_profile_endpoints_are_post_only_and_unknown_paths_404(fake):
    assert requests.get(fake.base_url + "profile/full/json", timeout=5).status_code == 405
    assert requests.post(fake.base_url + "profile/nope", timeout=5).status_code == 404


def test_access_token_stands_in_for_the_account(fake):
    token = requests.get(fake.root_url + TOKEN_PATH, params={"account": ACCOUNT}, timeout=5)
    assert token.status_code == 200 and token.text.startswith("at-")
    answer = _post(fake, "profile/full/json", data={"account": token.text},
                   files={"file": ("cv.txt", daxtra_cvs.ADA_CV)})
    assert "Resume" in answer.json()
    assert fake.calls("profile/full/json")[0].account == ACCOUNT
    refused = requests.get(fake.root_url + TOKEN_PATH, params={"account": "NOBODY"}, timeout=5)
    assert refused.text.startswith("ERROR:")


def test_two_step_tokens_are_single_use(fake):
    first = _post(fake, "profile/personal/json", data={"account": ACCOUNT},
                  files={"file": ("cv.txt", daxtra_cvs.ADA_CV)}).json()
    assert set(first["Resume"]["StructuredResume"]) == {"PersonName", "ContactMethod"}
    token = first["full_profile_token"]
    full = requests.get(fake.base_url + "data", params={"token": token}, timeout=5).json()
    assert full["Resume"]["StructuredResume"]["EmploymentHistory"]
    again = requests.get(fake.base_url + "data", params={"token": token}, timeout=5).json()
    assert "CSERROR" in again


def test_junk_and_contactless_cvs_fail_and_unknown_documents_say_so(fake):
    def parse(data):
        return _post(fake, "profile/full/json", data={"account": ACCOUNT},
                     files={"file": ("cv.bin", data)}).json()["CSERROR"]["message"]

    assert "extract text" in parse(daxtra_cvs.JUNK)
    assert "no name and contact" in parse(daxtra_cvs.NO_CONTACT_CV)
    assert "no fixture" in parse(b"Someone Else\nsomeone@example.com\n")


def test_fail_next_targets_an_endpoint_and_counts(fake):
    fake.fail_next("http_500", 2, endpoint="data")
    ok = _post(fake, "profile/full/json", data={"account": ACCOUNT},
               files={"file": ("cv.txt", daxtra_cvs.ADA_CV)})
    assert ok.status_code == 200
    assert requests.get(fake.base_url + "data", params={"token": "x"}, timeout=5).status_code == (
        500)
    with pytest.raises(ValueError, match="unknown failure kind"):
        fake.fail_next("gremlins")


def test_json_body_must_be_json(fake):
    answer = _post(fake, "profile/full/json", data=b"{not json",
                   headers={"Content-Type": "application/json"})
    assert answer.status_code == 400 and "<CSERROR code='10'>" in answer.text
    assert fake.requests[0].encoding == "json"
