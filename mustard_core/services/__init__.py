"""Domain logic as plain functions over a session: testable without HTTP, shared by views and
tasks."""
