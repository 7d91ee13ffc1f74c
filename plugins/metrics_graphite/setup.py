"""mustard-metrics-graphite: Mustard metrics to Graphite through statsd (UDP)."""

from setuptools import find_packages, setup

setup(
    name="mustard-metrics-graphite",
    version="0.1.0",
    description="Mustard metrics provider sending counters, timings and gauges to statsd",
    python_requires=">=3.11",
    packages=find_packages(include=["mustard_metrics_graphite", "mustard_metrics_graphite.*"]),
    install_requires=[
        "mustard",
        "statsd>=4,<5",
    ],
    extras_require={
        "test": ["pytest"],
    },
    entry_points={
        "mustard.plugins": ["metrics_graphite = mustard_metrics_graphite"],
    },
)
