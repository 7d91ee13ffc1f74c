"""Fault scenarios with real processes: `pytest tests/faults` or `python -m tests.faults`.

stack.py builds a scenario's stack (its own PostgreSQL database and redis-server, `mustard
serve` and `mustard worker` processes, fakes of Algolia and Daxtra), scenarios.py holds the
scenarios, slow_parser.py and db_killer.py are TEST-ONLY plugins that put a fault at a precise
point (a held parse, a terminated database backend).
"""
