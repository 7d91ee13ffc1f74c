"""The console's small pure helpers, without HTTP: chart geometry, pages, redirects, markup,
CSV, invite links."""

from __future__ import annotations

from datetime import date

import pytest

from mustard_admin import invites, synonyms_csv
from mustard_admin.chart import grouped_bars, last_days, nice_step
from mustard_admin.forms import Form
from mustard_admin.pagination import Page
from mustard_admin.session import safe_next
from mustard_admin.templating import filesize, highlight, safe_url
from mustard_core.audit import REDACTED, changes
from mustard_core.models import Synonym, User


@pytest.mark.parametrize(("value", "step"), [(0, 1), (4, 1), (5, 2), (8, 2), (9, 5), (20, 5),
                                             (21, 10), (399, 100), (401, 200)])
def test_gridline_steps_cover_the_largest_value(value, step):
    assert nice_step(value) == step
    assert step * 4 >= value


def test_bars_are_proportional_and_inside_the_plot():
    days = last_days(date(2026, 3, 10), 3)
    assert days == [date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 10)]
    chart = grouped_bars(days, {"Uploads": {days[0]: 8, days[2]: 2}, "Parses": {days[2]: 4}})
    assert [t.label for t in chart.ticks] == ["0", "2", "4", "6", "8"]
    heights = {b.label: b.height for b in chart.bars}
    full = chart.plot_bottom - chart.plot_top
    assert heights["2026-03-08: 8 uploads"] == full
    assert heights["2026-03-10: 2 uploads"] == full / 4
    assert heights["2026-03-09: 0 parses"] == 0
    for bar in chart.bars:
        assert chart.plot_left <= bar.x and bar.x + bar.width <= chart.plot_right
        assert chart.plot_top <= bar.y <= chart.plot_bottom
    assert chart.rows == [("2026-03-08", [8, 0]), ("2026-03-09", [0, 0]),
                          ("2026-03-10", [2, 4])]


def test_page_windows_mark_gaps():
    page = Page(items=[], number=7, per_page=10, total=200)
    assert page.pages == 20
    assert page.window() == [1, None, 5, 6, 7, 8, 9, None, 20]
    assert (page.first_index, page.last_index) == (61, 70)
    assert Page(items=[], number=1, per_page=10, total=0).window() == [1]


@pytest.mark.parametrize(("target", "expected"), [
    ("/admin/synonyms?q=a", "/admin/synonyms?q=a"),
    ("/admin", "/admin"),
    ("/admin/login", None),
    ("/admin/logout", None),
    ("//evil.example/admin/", None),
    ("https://evil.example/admin/", None),
    ("/\\evil.example", None),
    ("/api/v1/me", None),
    ("/administrator", None),
    ("", None),
    (None, None),
])
def test_next_stays_in_the_console(target, expected):
    assert safe_next(target) == expected


def test_highlight_keeps_only_marks():
    assert str(highlight("<em>Java</em> &amp; more")) == "<mark>Java</mark> &amp; more"
    hostile = str(highlight('<em onclick="x">a</em><script>alert(1)</script><em>b'))
    assert "<script" not in hostile and "<em" not in hostile  # only text, and <mark>
    assert hostile.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert hostile.endswith("<mark>b</mark>")
    assert str(highlight(None)) == ""


def test_only_http_links_are_linked():
    assert safe_url(" https://example.com/x ") == "https://example.com/x"
    assert safe_url("HTTP://EXAMPLE.COM") == "HTTP://EXAMPLE.COM"
    for bad in ("javascript:alert(1)", " javascript:x", "data:text/html,x", "//x.example",
                "example.com", None):
        assert safe_url(bad) is None


def test_filesize():
    assert [filesize(n) for n in (None, 0, 1023, 1536, 5 * 1024 * 1024)] == [
        "—", "0 bytes", "1023 bytes", "1.5 KB", "5.0 MB"]


def test_changes_list_only_what_changed_and_hide_secrets():
    diff = changes({"a": 1, "b": 2, "key": "old"}, {"a": 1, "b": 3, "c": 4, "key": "new"},
                   secret_keys=frozenset({"key"}))
    assert diff == {"b": {"before": 2, "after": 3}, "c": {"before": None, "after": 4},
                    "key": {"before": REDACTED, "after": REDACTED}}


def test_forms_keep_input_and_collect_errors():
    form = Form()
    form.text({"name": "  x  "}, "name", required=True)
    form.email({"email": "Nope"}, "email")
    form.words({"w": "a, b\nb\n\nc"}, "w")
    assert form.values == {"name": "x", "email": "Nope", "w": "a, b\nb\n\nc"}
    assert form.clean["w"] == ["a", "b", "c"]
    assert list(form.errors) == ["email"] and not form.ok


def test_synonym_csv_round_trip_neutralises_formulas():
    rows = [Synonym(type="synonym", input=None, synonyms=["=1+1", "plain"]),
            Synonym(type="onewaysynonym", input="@cmd", synonyms=["-x", "'quoted"])]
    text = synonyms_csv.export(rows)
    assert "'=1+1|plain" in text and "'@cmd" in text
    parsed = synonyms_csv.parse(text.encode())
    assert [r.body for r in parsed] == [
        {"type": "synonym", "input": None, "synonyms": ["=1+1", "plain"]},
        {"type": "onewaysynonym", "input": "@cmd", "synonyms": ["-x", "'quoted"]}]
    assert [r.line for r in parsed] == [2, 3]
    with pytest.raises(synonyms_csv.CsvError):
        synonyms_csv.parse(b"\xff\xfe not utf-8")
    with pytest.raises(synonyms_csv.CsvError):
        synonyms_csv.parse(b"x" * (synonyms_csv.MAX_BYTES + 1))


def test_invite_secrets_are_single_hashed_and_expire():
    user = User(email="a@b.example", password_hash="$argon2id$old")
    secret = invites.issue(user, ttl_seconds=100, now=1000)
    assert secret not in user.password_hash
    assert invites.check(user, secret, now=1099)
    assert not invites.check(user, secret, now=1100)
    assert not invites.check(user, secret + "x", now=1000)
    newer = invites.issue(user, ttl_seconds=100, now=1000)
    assert not invites.check(user, secret, now=1000)  # replaced by the newer link
    user.password_hash = "$argon2id$set-by-the-user"
    assert not invites.check(user, newer, now=1000)  # used
    assert not invites.check(None, newer)
