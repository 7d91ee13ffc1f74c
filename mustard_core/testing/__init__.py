"""A test kit for the core and for plugin authors: conformance suites and sample data.

Plugin tests import from here; nothing here is used at run time.
"""
