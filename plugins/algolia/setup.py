"""mustard-algolia: the Algolia search engine for Mustard, a plugin like any partner's."""

from setuptools import find_packages, setup

setup(
    name="mustard-algolia",
    version="0.1.0",
    description="Algolia search provider for Mustard (one index per client database)",
    python_requires=">=3.11",
    packages=find_packages(include=["mustard_algolia", "mustard_algolia.*"]),
    install_requires=["mustard", "algoliasearch>=4,<5"],
    entry_points={"mustard.plugins": ["algolia = mustard_algolia"]},
)
