"""The sandbox: a child that loops, hoards memory, crashes or lies ends as a readable ParseError,
and the worker process is untouched."""

from __future__ import annotations

import sys
import zlib

import pytest

from mustard_core.builtin.parser import sandbox
from mustard_core.builtin.parser.child import FAILED_REASON, MEMORY_REASON
from mustard_core.builtin.parser.provider import BuiltinParser
from mustard_core.builtin.parser.sandbox import Limits, run_isolated
from mustard_core.roles import ParseError

TARGETS = "tests.parser.sandbox_targets"
SMALL = Limits(memory_bytes=512 * 1024 * 1024, cpu_seconds=5, wall_seconds=20)


def test_the_child_gets_the_bytes_and_answers_in_json():
    answer = run_isolated(b"%PDF-1.7 and more", SMALL, target=f"{TARGETS}:echo")
    assert answer == {"ok": True, "size": 17, "head": "%PDF-1.7 and mor"}


def test_the_child_runs_under_the_limits_it_was_given():
    answer = run_isolated(b"", SMALL, target=f"{TARGETS}:limits")
    assert answer["as"] == 512 * 1024 * 1024
    assert answer["cpu"] == 5
    assert answer["fsize"] == 0


def test_the_child_cannot_write_files():
    assert run_isolated(b"", SMALL, target=f"{TARGETS}:write_file")["wrote"] is False


def test_a_child_that_never_answers_is_killed_at_the_wall_clock_limit():
    limits = Limits(memory_bytes=SMALL.memory_bytes, cpu_seconds=30, wall_seconds=1.5)
    with pytest.raises(ParseError) as info:
        run_isolated(b"", limits, target=f"{TARGETS}:sleep_forever")
    assert info.value.reason == sandbox.TIMEOUT_REASON
    assert not info.value.transient


def test_a_child_that_spins_is_stopped_by_its_cpu_limit():
    limits = Limits(memory_bytes=SMALL.memory_bytes, cpu_seconds=1, wall_seconds=30)
    with pytest.raises(ParseError) as info:
        run_isolated(b"", limits, target=f"{TARGETS}:spin")
    assert info.value.reason == "the file took too long to read"


def test_a_child_that_hoards_memory_reports_it():
    limits = Limits(memory_bytes=256 * 1024 * 1024, cpu_seconds=10, wall_seconds=30)
    with pytest.raises(ParseError) as info:
        run_isolated(b"", limits, target=f"{TARGETS}:allocate")
    assert info.value.reason == MEMORY_REASON == "the file needs too much memory to read"


@pytest.mark.parametrize("target", ["segfault", "exit_with_error", "garbage"])
def test_a_child_that_crashes_or_answers_nonsense_is_a_plain_failure(target):
    with pytest.raises(ParseError) as info:
        run_isolated(b"", SMALL, target=f"{TARGETS}:{target}")
    assert info.value.reason == FAILED_REASON


def test_an_interpreter_that_cannot_start_is_a_transient_error(monkeypatch):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python3")
    with pytest.raises(ParseError) as info:
        run_isolated(b"x", SMALL)
    assert info.value.transient


def _pdf_with_a_bomb(inflated_mb: int) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated_mb` of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    stream = b"".join(packer.compress(chunk) for _ in range(inflated_mb)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_whose_stream_inflates_beyond_the_memory_limit_is_refused(parse_tenant):
    bomb = _pdf_with_a_bomb(400)
    assert len(bomb) < 1024 * 1024  # small on the wire
    parser = BuiltinParser(Limits(memory_bytes=256 * 1024 * 1024, cpu_seconds=20,
                                  wall_seconds=60))
    with pytest.raises(ParseError) as info:
        parser.parse(bomb, media_type="application/pdf", filename="cv.pdf", tenant=parse_tenant)
    assert info.value.reason == MEMORY_REASON
