"""The smallest complete Mustard plugin: a partner's starting point (see docs/plugins.md)."""

from setuptools import setup

setup(
    name="mustard-hello",
    version="0.1.0",
    description="Example Mustard plugin: one setting, one event handler, one task, one panel",
    packages=["mustard_hello"],
    install_requires=["mustard"],
    entry_points={"mustard.plugins": ["hello = mustard_hello"]},
)
