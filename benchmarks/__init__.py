"""Benchmarks: `python -m benchmarks [--quick]` measures what users feel; see README.md.

Kept free of imports: the parser sandbox imports `benchmarks.sandbox_ref` in its child process.
"""
