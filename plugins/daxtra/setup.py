"""mustard-daxtra: Daxtra CVX CV parsing for Mustard, a plugin built on the public hooks only."""

from setuptools import find_packages, setup

setup(
    name="mustard-daxtra",
    version="0.1.0",
    description="Daxtra CVX CV parser provider for the Mustard platform",
    python_requires=">=3.11",
    packages=find_packages(include=["mustard_daxtra", "mustard_daxtra.*"]),
    install_requires=["mustard", "requests"],
    entry_points={"mustard.plugins": ["daxtra = mustard_daxtra"]},
)
