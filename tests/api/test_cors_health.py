"""CORS for the frontend origin, health endpoints, request ids."""


def test_preflight_from_the_frontend_origin(anonymous):
    res = anonymous.app.options("/api/v1/candidates", headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type"}, status=204)
    assert res.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "POST" in res.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in res.headers["Access-Control-Allow-Headers"]
    assert res.headers["Access-Control-Allow-Credentials"] == "true"


def test_other_origins_get_no_cors_headers(anonymous):
    res = anonymous.app.options("/api/v1/candidates", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}, status=403)
    assert "Access-Control-Allow-Origin" not in res.headers
    res = anonymous.app.get("/api/v1/me", headers={"Origin": "https://evil.example"},
                            status=401)
    assert "Access-Control-Allow-Origin" not in res.headers


def test_actual_request_carries_cors_headers(recruiter):
    res = recruiter.get("/api/v1/me", headers={"Origin": "https://app.example.com"})
    assert res.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "ETag" in res.headers["Access-Control-Expose-Headers"]
    assert "Origin" in res.headers["Vary"]


def test_wildcard_origin_is_refused(tmp_path):
    import pytest

    from mustard_core.app import make_app
    from mustard_core.settings import SettingsError

    with pytest.raises(SettingsError, match="mustard.cors.origins"):
        make_app(None, **{"sqlalchemy.url": f"sqlite:///{tmp_path}/c.db",
                          "mustard.secret_key": "k" * 40, "mustard.cors.origins": "*",
                          "mustard.storage.local.root": str(tmp_path),
                          "_explicit": ["mustard.cors.origins"]})


def test_healthz(anonymous):
    assert anonymous.get("/healthz").json == {"status": "ok"}


def test_readyz_checks_database_redis_and_providers(anonymous):
    body = anonymous.get("/readyz").json
    assert body["status"] == "ok"
    assert {"database", "redis", "storage", "search", "parser"} <= set(body["checks"])


def test_readyz_reports_a_dead_redis(platform, anonymous):
    old = platform.settings["redis.url"]
    platform.settings["redis.url"] = "redis://127.0.0.1:1/0"
    try:
        body = anonymous.get("/readyz", status=503).json
    finally:
        platform.settings["redis.url"] = old
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_request_id_is_echoed_or_made(anonymous):
    res = anonymous.get("/healthz", headers={"X-Request-Id": "lb-1234"})
    assert res.headers["X-Request-Id"] == "lb-1234"
    made = anonymous.get("/healthz").headers["X-Request-Id"]
    assert len(made) == 32
    evil = anonymous.get("/healthz", headers={"X-Request-Id": "bad id\nwith newline"})
    assert evil.headers["X-Request-Id"] != "bad id\nwith newline"
