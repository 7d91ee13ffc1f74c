"""Hostile uploads: `corpus.py` generates them, `test_hostile_uploads.py` sends each one through
the served API to a real worker, `python -m tests.hostile` prints the results table."""
