"""The `s3` storage provider: the Storage role on one bucket, every object private and encrypted.

What each put guarantees, and why:
- server-side encryption on every object (SSE-S3 or SSE-KMS), asked for explicitly rather than
  trusting the bucket default, and checked on the stored object afterwards;
- no ACL is ever sent, so objects stay private (bucket-owner only); clients download through
  short-lived presigned URLs;
- `Content-Type` and `Content-Disposition: attachment` are stored with the object, so a
  browser following a URL downloads the file instead of rendering uploaded HTML or SVG;
- integrity end to end: we hash the bytes before sending, S3 checks the SHA-256 checksums boto3
  sends with each request (`ChecksumAlgorithm`), and we compare the checksum S3 reports for the
  stored object with the one we computed (whole-object for a single PUT, composite of the parts
  for a multipart upload), together with the size and our `sha256` metadata.
"""

from __future__ import annotations

import base64
import hashlib
import io
import tempfile
from collections.abc import Iterator
from typing import Any, BinaryIO

from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import BotoCoreError, ClientError
from s3transfer.utils import ChunksizeAdjuster

from mustard_core.roles import Health, StorageError, StorageNotFound, StoredObject
from mustard_storage_s3.client import make_client
from mustard_storage_s3.config import MIB, S3Config
from mustard_storage_s3.disposition import attachment
from mustard_storage_s3.keys import join_key, validate_key, validate_prefix

SPOOL_MEMORY_BYTES = 8 * MIB
"""A stream is copied to a spool (memory, then disk past this) to hash it before the upload."""
READ_CHUNK = MIB
_FAILURES = (ClientError, BotoCoreError, S3UploadFailedError)
_NOT_FOUND_CODES = {"NoSuchKey", "404", "NotFound"}


def _error_code(exc: BaseException) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code") or "unknown")
    return type(exc).__name__


def _is_missing_object(exc: ClientError) -> bool:
    """A 404 for the object (not for the bucket, which is a configuration error)."""
    code = _error_code(exc)
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return code != "NoSuchBucket" and (code in _NOT_FOUND_CODES or status == 404)


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


def _same_checksum(stored: str, expected: str) -> bool:
    """Compare S3 checksums; a composite one ends in `-<parts>` (some servers omit it)."""
    stored_value, _, stored_parts = stored.partition("-")
    expected_value, _, expected_parts = expected.partition("-")
    if stored_parts and expected_parts and stored_parts != expected_parts:
        return False
    return stored_value == expected_value


def _header_safe(content_type: str) -> str:
    if not content_type or not all(" " <= ch <= "~" for ch in content_type):
        raise ValueError("content_type must be printable ASCII")
    return content_type


class S3Storage:
    """Storage on one S3 bucket; object names are `{settings prefix}{key}`."""

    def __init__(self, config: S3Config, *, client: Any = None, health_client: Any = None):
        self.config = config
        self.client = client or make_client(config.region, config.endpoint_url)
        # Health checks must answer within a couple of seconds: short timeouts, no retries.
        self._health_client = health_client or make_client(
            config.region, config.endpoint_url, connect_timeout=2, read_timeout=2,
            max_attempts=1)
        self.transfer_config = TransferConfig(
            multipart_threshold=config.multipart_threshold,
            multipart_chunksize=config.multipart_chunksize,
            preferred_transfer_client="classic",  # part sizes we can predict and verify
        )

    # ------------------------------------------------------------------ helpers

    def _object_key(self, key: str) -> str:
        return join_key(self.config.prefix, validate_key(key))

    def _encryption_args(self) -> dict[str, str]:
        args = {"ServerSideEncryption": self.config.sse}
        if self.config.sse == "aws:kms" and self.config.kms_key_id:
            args["SSEKMSKeyId"] = self.config.kms_key_id
        return args

    def _failed(self, operation: str, key: str, exc: BaseException) -> StorageError:
        return StorageError(f"S3 {operation} of {key!r} failed: {_error_code(exc)}")

    @staticmethod
    def _spool(data: bytes | BinaryIO) -> tuple[BinaryIO, int, bytes]:
        """A seekable copy of data (uploads may need to re-read), its size and SHA-256."""
        if isinstance(data, bytes | bytearray | memoryview):
            raw = bytes(data)
            return io.BytesIO(raw), len(raw), hashlib.sha256(raw).digest()
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES)  # noqa: SIM115
        digest = hashlib.sha256()
        size = 0
        while chunk := data.read(READ_CHUNK):
            if not isinstance(chunk, bytes | bytearray):
                spool.close()
                raise TypeError("storage.put needs bytes or a binary stream")
            digest.update(chunk)
            spool.write(chunk)
            size += len(chunk)
        spool.seek(0)
        return spool, size, digest.digest()

    def _expected_checksum(self, body: BinaryIO, size: int, digest: bytes) -> str:
        """The ChecksumSHA256 S3 will report: whole-object for a PUT, composite for multipart.

        boto3 sends multipart parts of `multipart_chunksize` bytes (enlarged only for files
        that would need more than 10,000 parts); the composite checksum is the SHA-256 of the
        concatenated part digests, suffixed with the number of parts.
        """
        if size < self.transfer_config.multipart_threshold:
            return _b64(digest)
        part_size = ChunksizeAdjuster().adjust_chunksize(
            self.transfer_config.multipart_chunksize, size)
        parts = []
        body.seek(0)
        while chunk := body.read(part_size):
            parts.append(hashlib.sha256(chunk).digest())
        body.seek(0)
        return f"{_b64(hashlib.sha256(b''.join(parts)).digest())}-{len(parts)}"

    def _verify(self, key: str, object_key: str, size: int, sha256: str, checksum: str) -> None:
        try:
            head = self.client.head_object(Bucket=self.config.bucket, Key=object_key,
                                           ChecksumMode="ENABLED")
        except _FAILURES as exc:
            raise self._failed("verification", key, exc) from exc
        problems = []
        if head.get("ContentLength") != size:
            problems.append("size")
        if head.get("Metadata", {}).get("sha256") != sha256:
            problems.append("sha256 metadata")
        stored = head.get("ChecksumSHA256")
        if stored and not _same_checksum(stored, checksum):
            problems.append("checksum")
        if head.get("ServerSideEncryption") != self.config.sse:
            problems.append("encryption")
        if problems:
            raise StorageError(f"S3 object {key!r} failed verification: {', '.join(problems)}")

    # ------------------------------------------------------------------ the Storage role

    def put(self, key: str, data: bytes | BinaryIO, *, content_type: str,
            filename: str | None = None) -> StoredObject:
        """Upload (multipart above the threshold), encrypted and private; verify what landed."""
        object_key = self._object_key(key)
        extra_args = {
            "ContentType": _header_safe(content_type),
            "ContentDisposition": attachment(filename),
            "ChecksumAlgorithm": "SHA256",
            **self._encryption_args(),
        }
        body, size, digest = self._spool(data)
        with body:
            sha256 = digest.hex()
            checksum = self._expected_checksum(body, size, digest)
            extra_args["Metadata"] = {"sha256": sha256}
            try:
                self.client.upload_fileobj(body, self.config.bucket, object_key,
                                           ExtraArgs=extra_args, Config=self.transfer_config)
            except _FAILURES as exc:
                raise self._failed("put", key, exc) from exc
        self._verify(key, object_key, size, sha256, checksum)
        return StoredObject(key=key, size=size, sha256=sha256, content_type=content_type)

    def open(self, key: str) -> BinaryIO:
        """A streaming body (read it in chunks, close it); StorageNotFound for a missing key."""
        object_key = self._object_key(key)
        try:
            response = self.client.get_object(Bucket=self.config.bucket, Key=object_key)
        except ClientError as exc:
            if _is_missing_object(exc):
                raise StorageNotFound(key) from None
            raise self._failed("get", key, exc) from exc
        except BotoCoreError as exc:
            raise self._failed("get", key, exc) from exc
        return response["Body"]

    def delete(self, key: str) -> None:
        """S3 deletes are idempotent already: a missing key answers 204 like a present one."""
        object_key = self._object_key(key)
        try:
            self.client.delete_object(Bucket=self.config.bucket, Key=object_key)
        except _FAILURES as exc:
            raise self._failed("delete", key, exc) from exc

    def exists(self, key: str) -> bool:
        object_key = self._object_key(key)
        try:
            self.client.head_object(Bucket=self.config.bucket, Key=object_key)
        except ClientError as exc:
            if _is_missing_object(exc):
                return False
            raise self._failed("head", key, exc) from exc
        except BotoCoreError as exc:
            raise self._failed("head", key, exc) from exc
        return True

    def keys(self, prefix: str) -> Iterator[str]:
        """Every key under prefix, page after page (S3 lists at most 1,000 per request)."""
        listing_prefix = self.config.prefix + validate_prefix(prefix)
        return self._iter_keys(listing_prefix)

    def _iter_keys(self, listing_prefix: str) -> Iterator[str]:
        root_length = len(self.config.prefix)
        paginator = self.client.get_paginator("list_objects_v2")
        try:
            for page in paginator.paginate(Bucket=self.config.bucket, Prefix=listing_prefix):
                for item in page.get("Contents", ()):
                    yield item["Key"][root_length:]
        except _FAILURES as exc:
            raise self._failed("list", listing_prefix, exc) from exc

    def download_url(self, key: str, *, filename: str, content_type: str,
                     expires_seconds: int) -> str:
        """A presigned GET that downloads under filename with content_type.

        It lives for expires_seconds, capped by the `presign_seconds` setting: the setting is
        the longest any caller gets.
        """
        object_key = self._object_key(key)
        expires = max(1, min(int(expires_seconds), self.config.presign_seconds))
        params = {
            "Bucket": self.config.bucket,
            "Key": object_key,
            "ResponseContentDisposition": attachment(filename),
            "ResponseContentType": _header_safe(content_type),
        }
        try:
            return self.client.generate_presigned_url("get_object", Params=params,
                                                      ExpiresIn=expires)
        except _FAILURES as exc:
            raise self._failed("presign", key, exc) from exc

    def health(self) -> Health:
        """HEAD the bucket: it proves the endpoint, the credentials and the bucket at once."""
        bucket = self.config.bucket
        try:
            self._health_client.head_bucket(Bucket=bucket)
        except Exception as exc:  # a health check reports, it never raises
            return Health(ok=False, detail=f"S3 bucket {bucket}: {_error_code(exc)}")
        return Health(ok=True, detail=f"S3 bucket {bucket} reachable")
