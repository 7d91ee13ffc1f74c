"""Which Daxtra account a parse is billed to: the tenant's own credential, else the platform's."""

from __future__ import annotations

import daxtra_cvs
import pytest
from daxtra_support import ACCOUNT, TENANT_ACCOUNT

from mustard_core.roles import ParseError, TenantRef
from mustard_core.settings import SettingsError

ACME = TenantRef(id="t-acme", slug="acme")
OTHER = TenantRef(id="t-other", slug="other")


class Credentials:
    """Stands in for the platform's decrypting credential store: a tenant id -> account map."""

    def __init__(self, accounts: dict[str, str]):
        self.accounts = accounts
        self.asked: list[tuple[str, str]] = []

    def __call__(self, tenant: TenantRef, name: str) -> str | None:
        self.asked.append((tenant.id, name))
        return self.accounts.get(tenant.id) if name == "daxtra_account" else None


def _parse(parser, tenant):
    return parser.parse(daxtra_cvs.ADA_CV, media_type="text/plain", filename="Ada CV.txt",
                        tenant=tenant)


def test_tenant_credential_wins_over_the_platform_default(make_parser, fake):
    credentials = Credentials({ACME.id: TENANT_ACCOUNT})
    parser = make_parser(credentials=credentials)
    _parse(parser, ACME)
    _parse(parser, OTHER)
    assert [call.account for call in fake.requests] == [TENANT_ACCOUNT, ACCOUNT]
    assert credentials.asked == [(ACME.id, "daxtra_account"), (OTHER.id, "daxtra_account")]


def test_without_credentials_every_tenant_uses_the_platform_default(make_parser, fake):
    _parse(make_parser(), ACME)
    assert fake.requests[0].account == ACCOUNT


def test_a_tenant_without_account_and_no_default_is_refused_before_sending(make_parser, fake):
    parser = make_parser(credentials=Credentials({ACME.id: TENANT_ACCOUNT}), account="")
    assert _parse(parser, ACME).name == "Ada Lovelace"
    with pytest.raises(ParseError) as info:
        _parse(parser, OTHER)
    assert not info.value.transient
    assert "daxtra_account" in info.value.reason
    assert [call.account for call in fake.requests] == [TENANT_ACCOUNT]


def test_no_account_anywhere_is_a_settings_error(make_parser):
    with pytest.raises(SettingsError, match=r"mustard_daxtra\.account"):
        make_parser(account="")


def test_account_options_follow_a_semicolon(make_parser, fake):
    _parse(make_parser(account_options="-OUT_SCHEMA json"), ACME)
    call = fake.requests[0]
    assert call.account_field == f"{ACCOUNT}; -OUT_SCHEMA json"
    assert (call.account, call.options) == (ACCOUNT, "-OUT_SCHEMA json")


def test_the_file_goes_as_multipart_with_only_its_extension_as_name(make_parser, fake):
    _parse(make_parser(), ACME)
    call = fake.requests[0]
    assert (call.encoding, call.filename, call.file_bytes) == (
        "multipart", "cv.txt", len(daxtra_cvs.ADA_CV))


def test_access_tokens_replace_the_account_and_are_reused(make_parser, fake):
    parser = make_parser(credentials=Credentials({ACME.id: TENANT_ACCOUNT}),
                         use_access_token=True)
    _parse(parser, ACME)
    _parse(parser, ACME)
    _parse(parser, OTHER)
    token_calls = fake.calls("access_token")
    assert [call.account for call in token_calls] == [TENANT_ACCOUNT, ACCOUNT]
    parses = fake.calls("profile/full/json")
    assert [call.account for call in parses] == [TENANT_ACCOUNT, TENANT_ACCOUNT, ACCOUNT]
    assert all(call.account_field.startswith("at-") for call in parses)


def test_an_access_token_refused_for_an_unknown_account(make_parser, fake):
    parser = make_parser(account="NOBODY", use_access_token=True)
    with pytest.raises(ParseError) as info:
        _parse(parser, ACME)
    assert not info.value.transient
    assert "invalid account" in info.value.reason
    assert fake.calls("profile/full/json") == []
