"""deploy-frontend: the pure plan, a real deploy to moto, and the click command."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from mustard_storage_s3 import frontend, mustard_cli
from mustard_storage_s3.client import make_client
from mustard_storage_s3.frontend import IMMUTABLE, NO_CACHE

# A bundle as `ng build` writes it (both builders' hash shapes), plus a stray hidden file.
BUNDLE = {
    "index.html": b"<!doctype html><script src=main-OUUFGKKL.js></script>",
    "main-OUUFGKKL.js": b"console.log(1)",
    "polyfills-FFHMD2TL.js": b"// polyfills",
    "chunk-2XJVAMHT.js": b"export{}",
    "chunk-7QW2YB3E.mjs": b"export{}",
    "main.3f2a1b9c4d5e6f70.js": b"// webpack build",
    "main.3f2a1b9c4d5e6f70.js.map": b"{}",
    "styles.abcdef12.css": b"body{}",
    "media/roboto-ABCDEF23.woff2": b"wOF2",
    "favicon.ico": b"\x00\x00\x01\x00",
    "manifest.webmanifest": b"{}",
    "3rdpartylicenses.txt": b"MIT",
    "ngsw.json": b"{}",
    "assets/logo.svg": b"<svg/>",
    "assets/i18n/en.json": b"{}",
    "offline/index.html": b"<!doctype html>",
    ".DS_Store": b"junk",
}
HASHED = {"main-OUUFGKKL.js", "polyfills-FFHMD2TL.js", "chunk-2XJVAMHT.js", "chunk-7QW2YB3E.mjs",
          "main.3f2a1b9c4d5e6f70.js", "main.3f2a1b9c4d5e6f70.js.map", "styles.abcdef12.css",
          "media/roboto-ABCDEF23.woff2"}


@pytest.fixture
def dist(tmp_path):
    root = tmp_path / "browser"
    for name, data in BUNDLE.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


# --------------------------------------------------------------------------- the plan


@pytest.mark.parametrize("name", [*sorted(HASHED), "assets/img/x.0123456789abcdef0123.png"])
def test_content_hashed_names(name):
    assert frontend.is_hashed(name)


@pytest.mark.parametrize("name", [
    "index.html", "favicon.ico", "manifest.webmanifest", "3rdpartylicenses.txt", "ngsw.json",
    "ngsw-worker.js", "safety-worker.js", "site.manifest.json", "assets/Roboto-Regular.woff2",
    "assets/logo.svg", "main.js", "styles.css", "chunk-abc.js", "page.abcdef12.html",
])
def test_plain_names(name):
    assert not frontend.is_hashed(name)


def test_plan_caches_hashed_assets_forever_and_the_rest_never(dist):
    plan = frontend.plan_deploy(frontend.list_files(dist))
    cache = {item.path: item.cache_control for item in plan}
    assert {path for path, value in cache.items() if value == IMMUTABLE} == HASHED
    assert {path for path, value in cache.items() if value == NO_CACHE} == (
        set(BUNDLE) - HASHED - {".DS_Store"})


def test_plan_uploads_assets_first_and_index_html_last(dist):
    plan = frontend.plan_deploy(frontend.list_files(dist))
    paths = [item.path for item in plan]
    assert paths[-1] == "index.html"
    assert paths[-2] == "offline/index.html"
    last_hashed = max(paths.index(path) for path in HASHED)
    first_plain = min(paths.index(path) for path in set(paths) - HASHED)
    assert last_hashed < first_plain
    assert [item.order for item in plan] == list(range(1, len(plan) + 1))


def test_plan_content_types(dist):
    plan = frontend.plan_deploy(frontend.list_files(dist))
    types = {item.path: item.content_type for item in plan}
    assert types["index.html"] == "text/html; charset=utf-8"
    assert types["main-OUUFGKKL.js"] == "text/javascript; charset=utf-8"
    assert types["chunk-7QW2YB3E.mjs"] == "text/javascript; charset=utf-8"
    assert types["styles.abcdef12.css"] == "text/css; charset=utf-8"
    assert types["assets/logo.svg"] == "image/svg+xml"
    assert types["media/roboto-ABCDEF23.woff2"] == "font/woff2"
    assert types["manifest.webmanifest"] == "application/manifest+json"
    assert types["assets/i18n/en.json"] == "application/json"
    assert types["main.3f2a1b9c4d5e6f70.js.map"] == "application/json"
    assert types["3rdpartylicenses.txt"] == "text/plain; charset=utf-8"
    assert types["favicon.ico"] == "image/x-icon"


def test_plan_leaves_out_hidden_files_and_applies_the_prefix(dist):
    plan = frontend.plan_deploy(frontend.list_files(dist), prefix="/app/v2")
    assert ".DS_Store" not in {item.path for item in plan}
    assert {item.key for item in plan} == {f"app/v2/{path}" for path in BUNDLE} - {
        "app/v2/.DS_Store"}


@pytest.mark.parametrize("prefix", ["../up", "a/../b", "a//b", "./a"])
def test_plan_refuses_a_prefix_that_could_escape(prefix):
    with pytest.raises(ValueError):
        frontend.plan_deploy(["index.html"], prefix=prefix)


# --------------------------------------------------------------------------- a real deploy


def test_deploy_uploads_in_plan_order_with_the_planned_headers(dist, s3, bucket):
    plan = frontend.plan_deploy(frontend.list_files(dist), prefix="web")
    client = make_client("eu-west-1", s3.meta.endpoint_url)
    sent: list[str] = []
    client.meta.events.register("before-parameter-build.s3.PutObject",
                                lambda params, **_: sent.append(params["Key"]))
    frontend.deploy(client, bucket, dist, plan)
    assert sent == [item.key for item in plan]
    for item in plan:
        stored = s3.head_object(Bucket=bucket, Key=item.key)
        assert stored["CacheControl"] == item.cache_control
        assert stored["ContentType"] == item.content_type
        assert stored["ServerSideEncryption"] == "AES256"
        body = s3.get_object(Bucket=bucket, Key=item.key)["Body"].read()
        assert body == BUNDLE[item.path]


def test_a_failed_upload_never_publishes_index_html(dist, s3, bucket):
    plan = frontend.plan_deploy(frontend.list_files(dist))
    (dist / "styles.abcdef12.css").unlink()  # the last hashed asset vanishes after planning
    with pytest.raises(OSError):
        frontend.deploy(make_client("eu-west-1", s3.meta.endpoint_url), bucket, dist, plan)
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}
    assert "index.html" not in keys
    assert "main-OUUFGKKL.js" in keys  # uploads before the failure did happen


# --------------------------------------------------------------------------- the command


@pytest.fixture
def cli():
    group = click.Group("mustard")
    mustard_cli(cli=group)
    return group


def test_dry_run_prints_the_plan_and_uploads_nothing(cli, dist, s3, bucket):
    result = CliRunner().invoke(cli, ["deploy-frontend", str(dist), "--bucket", bucket,
                                      "--dry-run", "--endpoint-url", s3.meta.endpoint_url])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    planned = [line for line in lines if " -> s3://" in line]
    assert len(planned) == len(BUNDLE) - 1
    assert planned[-1].endswith(f"index.html -> s3://{bucket}/index.html")
    assert "no-cache" in planned[-1] and "text/html" in planned[-1]
    assert any(IMMUTABLE in line and "main-OUUFGKKL.js" in line for line in planned)
    assert "nothing uploaded" in lines[-1]
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0


def test_the_command_deploys(cli, dist, s3, bucket):
    result = CliRunner().invoke(cli, ["deploy-frontend", str(dist), "--bucket", bucket,
                                      "--prefix", "app/", "--region", "eu-west-1",
                                      "--endpoint-url", s3.meta.endpoint_url])
    assert result.exit_code == 0, result.output
    stored = s3.head_object(Bucket=bucket, Key="app/index.html")
    assert stored["CacheControl"] == NO_CACHE
    assert s3.head_object(Bucket=bucket, Key="app/styles.abcdef12.css")["CacheControl"] == (
        IMMUTABLE)
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == len(BUNDLE) - 1


def test_the_command_refuses_a_folder_without_index_html(cli, tmp_path, s3, bucket):
    (tmp_path / "main-OUUFGKKL.js").write_bytes(b"1")
    result = CliRunner().invoke(cli, ["deploy-frontend", str(tmp_path), "--bucket", bucket,
                                      "--endpoint-url", s3.meta.endpoint_url])
    assert result.exit_code != 0
    assert "no index.html" in result.output
    assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0


def test_the_command_reports_a_failed_upload(cli, dist, s3):
    result = CliRunner().invoke(cli, ["deploy-frontend", str(dist), "--bucket",
                                      "mustard-test-no-such-bucket",
                                      "--endpoint-url", s3.meta.endpoint_url])
    assert result.exit_code == 1
    assert "index.html was not replaced" in result.output
