"""The dependency audit's policy, on pip-audit answers shaped like the real ones (the real run
is a step of `python3 dev.py test`: `python -m tests.dependency_audit`)."""

from __future__ import annotations

import pytest

from tests.dependency_audit import IGNORE_FILE, IgnoreFileError, judge, read_ignores

AUDIT = {"dependencies": [
    {"name": "requests", "version": "2.19.0", "vulns": [
        {"id": "PYSEC-2018-28", "fix_versions": ["2.20.0"], "aliases": ["CVE-2018-18074",
                                                                       "GHSA-x84v-xcm2-53pg"]}]},
    {"name": "jinja2", "version": "2.10", "vulns": [
        {"id": "GHSA-462w-v97r-4m45", "fix_versions": ["2.10.1"], "aliases": []}]},
    {"name": "safe", "version": "1.0", "vulns": []},
    {"name": "mirror-only", "skip_reason": "Dependency not found on PyPI and could not be "
                                           "audited: mirror-only (9.9)"},
]}


def test_an_unrecorded_vulnerability_fails():
    report = judge(AUDIT, {})
    assert not report.ok()
    assert [f[2] for f in report.findings] == ["PYSEC-2018-28", "GHSA-462w-v97r-4m45"]
    assert report.audited == 3 and len(report.skipped) == 1


def test_a_vulnerability_recorded_with_a_reason_under_any_alias_passes():
    ignores = read_ignores("# accepted\n\nCVE-2018-18074  only talks to our own hosts\n"
                           "GHSA-462w-v97r-4m45 sandbox not used with untrusted templates\n"
                           "GHSA-0000-0000-0000 fixed long ago\n")
    report = judge(AUDIT, ignores)
    assert report.ok()
    assert [a[1] for a in report.accepted] == ["PYSEC-2018-28", "GHSA-462w-v97r-4m45"]
    assert report.stale == ["GHSA-0000-0000-0000"]


def test_a_recorded_vulnerability_needs_a_reason():
    with pytest.raises(IgnoreFileError, match="line 2: GHSA-462w-v97r-4m45 has no reason"):
        read_ignores("# header\nGHSA-462w-v97r-4m45\n")


def test_strict_mode_fails_on_what_could_not_be_audited():
    ignores = read_ignores("PYSEC-2018-28 reason\nGHSA-462w-v97r-4m45 reason\n")
    assert judge(AUDIT, ignores).ok(strict=False)
    assert not judge(AUDIT, ignores).ok(strict=True)


def test_the_repository_ignore_file_is_valid():
    read_ignores(IGNORE_FILE.read_text())
