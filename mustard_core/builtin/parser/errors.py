"""The one exception the parser's readers raise: a reason the recruiter can read.

It is not `mustard_core.roles.ParseError` only so that the sandboxed child never imports the
roles and profile modules (and jsonschema with them): every parse starts a child, and those
imports would double its start-up time. The boundary (core.py, the sandbox) converts it.
"""

from __future__ import annotations


class Unreadable(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
