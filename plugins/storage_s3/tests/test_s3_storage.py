"""The s3 provider against moto's server: the shared conformance suite, then what S3 adds."""

from __future__ import annotations

import base64
import hashlib
import os
import socket
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from mustard_core.roles import ProviderContext, StorageError
from mustard_core.testing.conformance import StorageConformance
from mustard_storage_s3 import build_storage
from mustard_storage_s3.config import MIB
from mustard_storage_s3.storage import S3Storage


class TestS3StorageConformance(StorageConformance):
    supports_download_url = True

    @pytest.fixture
    def storage(self, make_storage):
        return make_storage()


def head(s3, bucket: str, key: str) -> dict:
    return s3.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")


# --------------------------------------------------------------------------- what a put stores


def test_every_put_is_encrypted_with_sse_s3(make_storage, s3, bucket):
    storage = make_storage(multipart_threshold=MIB)
    storage.put("t1/uploads/small", b"small", content_type="text/plain")
    storage.put("t1/uploads/large", os.urandom(6 * MIB), content_type="application/pdf")
    for key in ("mustard/t1/uploads/small", "mustard/t1/uploads/large"):
        assert head(s3, bucket, key)["ServerSideEncryption"] == "AES256"


def test_kms_encryption_names_the_key(make_storage, s3, bucket):
    storage = make_storage(sse="aws:kms", kms_key_id="alias/mustard-test")
    storage.put("t1/uploads/k", b"secret cv", content_type="application/pdf")
    stored = head(s3, bucket, "mustard/t1/uploads/k")
    assert stored["ServerSideEncryption"] == "aws:kms"
    assert stored["SSEKMSKeyId"] == "alias/mustard-test"


def test_objects_are_private(make_storage, s3, bucket):
    make_storage().put("t1/uploads/p", b"private", content_type="text/plain")
    grants = s3.get_object_acl(Bucket=bucket, Key="mustard/t1/uploads/p")["Grants"]
    grantees = [grant["Grantee"] for grant in grants]
    assert grantees and all(grantee["Type"] == "CanonicalUser" for grantee in grantees)
    assert not any("AllUsers" in str(grantee.get("URI", "")) for grantee in grantees)


def test_content_type_and_disposition_are_stored(make_storage, s3, bucket):
    make_storage().put("t1/uploads/cv", b"%PDF-1.4", content_type="application/pdf",
                       filename='../Zoë "final"\r\n.pdf')
    stored = head(s3, bucket, "mustard/t1/uploads/cv")
    assert stored["ContentType"] == "application/pdf"
    assert stored["ContentDisposition"] == (
        "attachment; filename=\"Zoe _final_.pdf\"; filename*=UTF-8''Zo%C3%AB%20%22final%22.pdf")


def test_put_without_filename_is_still_an_attachment(make_storage, s3, bucket):
    make_storage().put("t1/uploads/nameless", b"x", content_type="text/html")
    assert head(s3, bucket, "mustard/t1/uploads/nameless")["ContentDisposition"] == "attachment"


def test_sha256_is_stored_and_checked_by_s3(make_storage, s3, bucket):
    data = b"curriculum vitae" * 999
    stored = make_storage().put("t1/uploads/h", data, content_type="text/plain")
    digest = hashlib.sha256(data)
    found = head(s3, bucket, "mustard/t1/uploads/h")
    assert stored.sha256 == digest.hexdigest()
    assert found["Metadata"]["sha256"] == digest.hexdigest()
    assert found["ChecksumSHA256"] == base64.b64encode(digest.digest()).decode()


def test_large_files_go_up_in_parts(make_storage, s3, bucket):
    storage = make_storage(multipart_threshold=MIB)
    data = os.urandom(6 * MIB)  # above the threshold: parts of 5 MiB (S3's minimum) + 1 MiB
    stored = storage.put("t1/uploads/big", data, content_type="application/pdf")
    storage.put("t1/uploads/small", data[: MIB // 2], content_type="application/pdf")
    assert head(s3, bucket, "mustard/t1/uploads/big")["ETag"].strip('"').endswith("-2")
    assert "-" not in head(s3, bucket, "mustard/t1/uploads/small")["ETag"]
    assert stored.size == len(data)
    with storage.open("t1/uploads/big") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == stored.sha256


def test_a_stream_above_the_threshold_goes_up_in_parts(make_storage, s3, bucket, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(os.urandom(11 * MIB))
    storage = make_storage(multipart_threshold=5 * MIB)
    with path.open("rb") as handle:
        stored = storage.put("t1/uploads/scan", handle, content_type="application/pdf")
    assert head(s3, bucket, "mustard/t1/uploads/scan")["ETag"].strip('"').endswith("-3")
    assert stored.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_object_changed_behind_our_back_fails_verification(make_storage, s3, bucket):
    """Another writer replaces the object between our PUT and our check: put must not succeed."""
    storage = make_storage()

    def overwrite(**_):
        s3.put_object(Bucket=bucket, Key="mustard/t1/uploads/raced", Body=b"someone else",
                      ServerSideEncryption="AES256")

    storage.client.meta.events.register("after-call.s3.PutObject", overwrite)
    with pytest.raises(StorageError, match="verification"):
        storage.put("t1/uploads/raced", b"ours", content_type="text/plain")


def test_object_names_carry_the_settings_prefix(make_storage, s3, bucket):
    storage = make_storage(prefix="env/prod/")
    storage.put("t9/uploads/a", b"1", content_type="text/plain")
    names = [item["Key"] for item in s3.list_objects_v2(Bucket=bucket)["Contents"]]
    assert names == ["env/prod/t9/uploads/a"]
    assert list(storage.keys("t9/")) == ["t9/uploads/a"]


def test_refuses_a_content_type_that_would_break_the_header(make_storage):
    with pytest.raises(ValueError):
        make_storage().put("t1/x", b"1", content_type="text/plain\r\nX-Evil: 1")


# --------------------------------------------------------------------------- downloads


def test_presigned_url_downloads_the_bytes_as_an_attachment(make_storage):
    storage = make_storage()
    data = b"%PDF-1.4 resume"
    storage.put("t1/resumes/r1", data, content_type="application/pdf")
    url = storage.download_url("t1/resumes/r1", filename="Résumé.pdf",
                               content_type="application/pdf", expires_seconds=1)
    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Expires"] == ["1"]
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    response = requests.get(url, timeout=10)
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Resume.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9.pdf")


def test_presigned_url_lifetime_is_capped_by_the_setting(make_storage):
    storage = make_storage(presign_seconds=120)
    storage.put("t1/resumes/r2", b"x", content_type="application/pdf")
    url = storage.download_url("t1/resumes/r2", filename="r.pdf",
                               content_type="application/pdf", expires_seconds=86_400)
    assert parse_qs(urlparse(url).query)["X-Amz-Expires"] == ["120"]


def test_presigned_url_refuses_an_unsafe_key(make_storage):
    with pytest.raises(ValueError):
        make_storage().download_url("../other-tenant/x", filename="x.pdf",
                                    content_type="application/pdf", expires_seconds=60)


# --------------------------------------------------------------------------- listing


def test_keys_pages_through_more_than_a_thousand_objects(make_storage, s3, bucket):
    storage = make_storage()
    expected = {f"t1/uploads/{n:04d}" for n in range(1050)}
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda key: s3.put_object(Bucket=bucket, Key=f"mustard/{key}", Body=b"."),
                      expected))
    s3.put_object(Bucket=bucket, Key="mustard/t2/uploads/other", Body=b".")
    pages = []
    storage.client.meta.events.register("after-call.s3.ListObjectsV2",
                                        lambda **kwargs: pages.append(1))
    listed = list(storage.keys("t1/"))
    assert len(listed) == 1050
    assert set(listed) == expected
    assert len(pages) >= 2


# --------------------------------------------------------------------------- failures


def test_a_missing_bucket_is_an_error_not_a_missing_key(make_storage):
    storage = make_storage(bucket="mustard-test-no-such-bucket")
    with pytest.raises(StorageError):
        storage.open("t1/uploads/a")
    with pytest.raises(StorageError):
        storage.put("t1/uploads/a", b"1", content_type="text/plain")
    health = storage.health()
    assert not health.ok
    assert "NoSuchBucket" in health.detail or "404" in health.detail


def test_health_reports_an_unreachable_endpoint_without_raising(make_storage):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    storage = make_storage(endpoint_url=f"http://127.0.0.1:{port}")
    health = storage.health()
    assert not health.ok
    assert "EndpointConnectionError" in health.detail
    with pytest.raises(StorageError):
        storage.exists("t1/uploads/a")


def test_storage_is_built_from_settings(moto_url, bucket):
    storage = build_storage(ProviderContext(settings={
        "mustard_storage_s3.bucket": bucket,
        "mustard_storage_s3.endpoint_url": moto_url,
        "mustard_storage_s3.region": "eu-west-1",
        "mustard_storage_s3.multipart_threshold": 6 * MIB,
    }))
    assert isinstance(storage, S3Storage)
    assert storage.transfer_config.multipart_threshold == 6 * MIB
    assert storage.config.presign_seconds == 300
    assert storage.health().ok
