"""A real S3 protocol endpoint for the tests: moto's standalone server on 127.0.0.1.

boto3 talks to it over HTTP exactly as it talks to AWS (the production code path); only the
endpoint URL and dummy credentials differ.
"""

from __future__ import annotations

import uuid

import pytest
from moto.server import ThreadedMotoServer

from mustard_storage_s3.client import make_client
from mustard_storage_s3.config import S3Config
from mustard_storage_s3.storage import S3Storage

REGION = "eu-west-1"


@pytest.fixture(scope="session")
def aws_credentials(tmp_path_factory):
    """Dummy credentials in the environment; no real AWS profile or config can leak in."""
    empty = tmp_path_factory.mktemp("aws") / "none"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ACCESS_KEY_ID", "testing")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        patch.setenv("AWS_CONFIG_FILE", str(empty))
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
        for name in ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL",
                     "AWS_ENDPOINT_URL_S3", "MUSTARD_S3_ENDPOINT_URL"):
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(scope="session")
def moto_url(aws_credentials):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def s3(moto_url):
    """A plain client for arranging and inspecting the bucket (not the code under test)."""
    return make_client(REGION, moto_url)


@pytest.fixture
def make_bucket(s3):
    def make() -> str:
        name = f"mustard-test-{uuid.uuid4().hex[:12]}"
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return name

    return make


@pytest.fixture
def bucket(make_bucket) -> str:
    return make_bucket()


@pytest.fixture
def make_storage(moto_url, bucket):
    """Build the provider on the test bucket; keyword arguments override S3Config fields."""

    def make(**overrides) -> S3Storage:
        fields = {"bucket": bucket, "prefix": "mustard/", "region": REGION,
                  "endpoint_url": moto_url, **overrides}
        return S3Storage(S3Config(**fields))

    return make
