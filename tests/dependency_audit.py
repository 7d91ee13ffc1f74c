"""`python -m tests.dependency_audit`: audit the installed dependencies with pip-audit.

A known vulnerability fails the run unless `.pip-audit-ignore` at the repository root records
it with a reason, one per line:

    GHSA-xxxx-xxxx-xxxx  not reachable: we never call the affected function (see #123)

Blank lines and `#` comments are ignored; an entry without a reason is itself an error, and an
entry that no longer matches anything is reported so it can be removed. A vulnerability may be
recorded under any of its ids (GHSA, PYSEC, CVE).

Dependencies the vulnerability service does not know (pip-audit "skips" them, e.g. versions a
private mirror has that PyPI's JSON API does not) are listed and counted; they fail the run only
with `--strict` (or MUSTARD_AUDIT_STRICT=1), because a mirror-only environment would otherwise
never pass. A service that cannot be reached at all fails the run: pip-audit exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILE = ROOT / ".pip-audit-ignore"


class IgnoreFileError(ValueError):
    """A line of the ignore file that records no reason."""


@dataclass
class Report:
    findings: list[tuple[str, str, str, list[str]]] = field(default_factory=list)
    """(package, version, vulnerability id, aliases) not recorded in the ignore file."""
    accepted: list[tuple[str, str, str]] = field(default_factory=list)
    """(package, vulnerability id, recorded reason)."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    audited: int = 0
    stale: list[str] = field(default_factory=list)

    def ok(self, strict: bool = False) -> bool:
        return not self.findings and not (strict and self.skipped)


def read_ignores(text: str) -> dict[str, str]:
    """{vulnerability id: reason} from the ignore file's text."""
    ignores = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        vuln_id, _, reason = line.partition(" ")
        if not reason.strip():
            raise IgnoreFileError(f"{IGNORE_FILE.name} line {number}: {vuln_id} has no reason")
        ignores[vuln_id.strip()] = reason.strip()
    return ignores


def judge(audit: dict, ignores: dict[str, str]) -> Report:
    """Sort pip-audit's JSON answer into findings, accepted (recorded) ones and skips."""
    report = Report()
    used = set()
    for dependency in audit.get("dependencies", []):
        if "skip_reason" in dependency:
            report.skipped.append((dependency["name"], dependency["skip_reason"]))
            continue
        report.audited += 1
        for vuln in dependency.get("vulns", []):
            ids = [vuln["id"], *vuln.get("aliases", [])]
            recorded = next((i for i in ids if i in ignores), None)
            if recorded:
                used.add(recorded)
                report.accepted.append((dependency["name"], vuln["id"], ignores[recorded]))
            else:
                report.findings.append((dependency["name"], dependency.get("version", "?"),
                                        vuln["id"], vuln.get("fix_versions", [])))
    report.stale = sorted(set(ignores) - used)
    return report


def run_pip_audit() -> dict:
    command = [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner",
               "off", "--skip-editable"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    if result.returncode not in (0, 1) or not result.stdout.strip():
        raise SystemExit(f"pip-audit failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.dependency_audit",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true",
                        default=os.environ.get("MUSTARD_AUDIT_STRICT") == "1",
                        help="also fail when a dependency could not be audited")
    args = parser.parse_args(argv)
    ignores = read_ignores(IGNORE_FILE.read_text() if IGNORE_FILE.exists() else "")
    report = judge(run_pip_audit(), ignores)
    for package, version, vuln_id, fixes in report.findings:
        fixed = f"; fixed in {', '.join(fixes)}" if fixes else ""
        print(f"VULNERABLE {package} {version}: {vuln_id}{fixed}")
    for package, vuln_id, reason in report.accepted:
        print(f"accepted {package}: {vuln_id} ({reason})")
    for vuln_id in report.stale:
        print(f"note: {vuln_id} in {IGNORE_FILE.name} matches nothing any more; remove it")
    total = report.audited + len(report.skipped)
    print(f"pip-audit: {report.audited} of {total} dependencies audited, "
          f"{len(report.findings)} unrecorded vulnerabilities, {len(report.accepted)} recorded")
    if report.skipped:
        print(f"WARNING: {len(report.skipped)} dependencies could not be audited (the "
              "vulnerability service does not know them), e.g. " + report.skipped[0][1])
    return 0 if report.ok(args.strict) else 1


if __name__ == "__main__":
    sys.exit(main())
