"""Benchmark 4: the CV pipeline (upload -> parse -> index) and the built-in parser per format.

CV files are written from generated candidates by the test suite's CV writers
(tests/fixtures/cvs.py: TXT, PDF, DOCX, RTF, HTML), each for a different person so every upload
creates a candidate. The pipeline runs on the in-process job runner: one background thread, i.e.
one worker, takes each upload's parse job, then the index job the parse enqueues; uploads go
through `accept_upload` (the service behind POST /api/v1/uploads and `mustard ingest`). A round
uploads one CV of each format and waits until every job is done; its rate is CVs/second.
The reference is the built-in parser alone on the same files, in the same round.

Per format, the parser alone (`BuiltinParser.parse`: sniff, sandboxed child process, checks) is
measured against the sandbox's own cost: the same child process started with a no-op target
(benchmarks.sandbox_ref), so the ratio says how much of a parse is parsing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import func, select

from benchmarks.context import Bench
from benchmarks.data import CandidateGenerator
from benchmarks.environment import create_agency
from benchmarks.measure import Summary
from benchmarks.report import Row

FIRST_INDEX = 50_000_000
"""Generated people for CVs come from far beyond the loaded range: no e-mail is shared."""


def writers() -> dict[str, tuple[str, Callable]]:
    from tests.fixtures import cvs

    return {"txt": ("cv.txt", cvs.txt_cv), "pdf": ("cv.pdf", cvs.pdf_cv),
            "docx": ("cv.docx", cvs.docx_cv), "rtf": ("cv.rtf", cvs.rtf_cv),
            "html": ("cv.html", cvs.html_cv)}


def people(generator: CandidateGenerator, count: int):
    """`count` generated candidates as the CV writers' Person, Latin script only (the PDF
    writer uses a standard PDF font)."""
    from tests.fixtures.cvs import Job, Person, Study

    index = FIRST_INDEX
    while count:
        c = generator.candidate(index)
        index += 1
        try:
            c["name"].encode("latin-1")
        except UnicodeEncodeError:
            continue
        p = c["profile"]
        count -= 1
        yield Person(
            name=c["name"], email=c["email"], phone=c["phone"] or "+44 20 7946 0000",
            location=c["location"], headline=c["headline"],
            links=tuple(link["url"] for link in p["links"]), summary=p["summary"],
            jobs=tuple(Job(j["title"], j["company"], j["start"], j["end"], j["description"])
                       for j in p["experience"]),
            education=tuple(Study(s["institution"], s["degree"], s["field"], s["start"],
                                  s["end"]) for s in p["education"]),
            skills=tuple(s["name"] for s in p["skills"]),
            languages=tuple((lang["name"], lang["level"].lower()) for lang in p["languages"]))


def run(bench: Bench) -> None:
    from mustard_core.builtin.parser.sandbox import Limits, run_isolated
    from mustard_core.filetypes import sniff
    from mustard_core.models import Candidate, DocumentKind, Job, JobState, Tenant
    from mustard_core.services.documents import accept_upload

    platform = bench.platform
    agency = create_agency(platform, "bench-cvs")
    formats = writers()
    rounds = bench.sizes.pipeline_per_format
    repeats = bench.sizes.parser_repeats
    crowd = people(bench.generator, len(formats) * (rounds + repeats))

    def parse(filename: str, data: bytes) -> None:
        platform.parser.parse(data, media_type=sniff(data, filename).media_type or "",
                              filename=filename, tenant=agency.tenant)

    # The parser alone, per format, against the sandbox's round trip.
    limits = Limits()
    for fmt, (filename, write) in formats.items():
        files = [write(next(crowd)) for _ in range(repeats)]
        parse(filename, files[0])  # warm (the first PDF imports the PDF reader in the parent)
        samples, reference = [], []
        for data in files:
            began = time.perf_counter()
            parse(filename, data)
            samples.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            run_isolated(b"-", limits, target="benchmarks.sandbox_ref:empty")
            reference.append((time.perf_counter() - began) * 1000)
        bench.results.add(Row(
            "4. Pipeline", f"built-in parser alone, {fmt.upper()} CV", "ms", Summary.of(samples),
            reference="sandbox child with a no-op parse", reference_figure=Summary.of(reference),
            note=f"{sum(len(f) for f in files) // len(files) // 1024} KiB files"))

    # The pipeline: rounds of one upload per format, one worker.
    rates, parser_rates = [], []
    uploaded = 0
    for _ in range(rounds):
        files = [(filename, write(next(crowd))) for filename, write in formats.values()]
        began = time.perf_counter()
        for filename, data in files:
            with platform.session(agency.tenant.id) as session:
                accept_upload(platform, session, session.get(Tenant, agency.tenant.id),
                              data=data, filename=filename, kind=DocumentKind.cv,
                              candidate=None, user_id=agency.user_id, request_id=None)
        if not platform.dispatcher.drain(timeout=120):
            raise RuntimeError("the pipeline's jobs did not finish in 120 s")
        rates.append(len(files) / (time.perf_counter() - began))
        uploaded += len(files)
        began = time.perf_counter()
        for filename, data in files:
            parse(filename, data)
        parser_rates.append(len(files) / (time.perf_counter() - began))
    with platform.session(agency.tenant.id, write=False) as session:
        states = dict(session.execute(select(Job.state, func.count()).group_by(Job.state)).all())
        created = session.scalar(select(func.count()).select_from(Candidate))
    if states.get(JobState.succeeded, 0) != 2 * uploaded or created != uploaded:
        raise RuntimeError(f"pipeline: {uploaded} uploads gave jobs {states} and {created} "
                           "candidates")
    found = platform.search.search(agency.tenant, _query()).total
    if found != uploaded:
        raise RuntimeError(f"pipeline: {uploaded} CVs indexed but the search finds {found}")
    bench.results.add(Row(
        "4. Pipeline", "upload → parse → index, one worker (in-process runner)", "CVs/s",
        Summary.of(rates, higher_is_better=True),
        reference="built-in parser alone, same files",
        reference_figure=Summary.of(parser_rates, higher_is_better=True),
        note=f"{rounds} rounds of {len(formats)} CVs, one per format"))


def _query():
    from mustard_core.roles import SearchQuery

    return SearchQuery(q="", per_page=1)
