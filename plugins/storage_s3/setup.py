"""mustard-storage-s3: Amazon S3 storage for Mustard, and the frontend deploy command."""

from setuptools import find_packages, setup

setup(
    name="mustard-storage-s3",
    version="0.1.0",
    description="Mustard storage provider on Amazon S3 (encrypted, private, presigned downloads)",
    python_requires=">=3.11",
    packages=find_packages(include=["mustard_storage_s3", "mustard_storage_s3.*"]),
    install_requires=[
        "mustard",
        "boto3>=1.36",
        "click",
    ],
    extras_require={
        "test": ["pytest", "moto[server]>=5", "requests"],
    },
    entry_points={
        "mustard.plugins": ["storage_s3 = mustard_storage_s3"],
    },
)
