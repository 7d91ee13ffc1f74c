"""Benchmark 5: PDF rendering of a two-page resume per built-in template, warm.

One `ResumeRenderer` is built and used for one render per template before timing (as a worker
keeps one per process). Each timed render is followed by the reference: WeasyPrint turning a
one-paragraph HTML document into a PDF, which is the floor any PDF costs on this machine.
"""

from __future__ import annotations

import time

from benchmarks.context import Sizes
from benchmarks.measure import Summary
from benchmarks.report import Results, Row


def run(sizes: Sizes, results: Results) -> None:
    from weasyprint import HTML

    from mustard_core.resumes.options import BUILTIN_TEMPLATES, ResumeOptions
    from mustard_core.resumes.renderer import ResumeRenderer
    from mustard_core.resumes.samples import sample_branding, sample_candidate

    began = time.perf_counter()
    renderer = ResumeRenderer()
    start_up = (time.perf_counter() - began) * 1000
    candidate, branding = sample_candidate(), sample_branding()

    def trivial() -> None:
        HTML(string="<!doctype html><title>r</title><p>Reference document.</p>").write_pdf()

    trivial()
    for template in BUILTIN_TEMPLATES:
        options = ResumeOptions(template=template)
        renderer.render_pdf(candidate, options, branding)  # warm
        samples, reference = [], []
        for _ in range(sizes.pdf_renders):
            began = time.perf_counter()
            rendered = renderer.render_pdf(candidate, options, branding)
            samples.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            trivial()
            reference.append((time.perf_counter() - began) * 1000)
        if not rendered.data.startswith(b"%PDF"):
            raise RuntimeError(f"template {template} did not render a PDF")
        results.add(Row("5. PDF", f"resume, template '{template}', {rendered.pages} pages, warm",
                        "ms", Summary.of(samples), reference="one-paragraph WeasyPrint PDF",
                        reference_figure=Summary.of(reference)))
    results.note(f"PDF: building the ResumeRenderer (fonts, templates) took {start_up:.0f} ms, "
                 "once per process.")
