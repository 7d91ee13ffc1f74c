"""Built-in providers: plugins shipped in the core so the embedded default needs no server."""
