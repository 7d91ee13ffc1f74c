import logging

import pytest

from mustard_core.builtin.metrics_log import LogMetrics
from mustard_core.testing.conformance import MetricsConformance


class TestLogMetrics(MetricsConformance):
    @pytest.fixture
    def metrics(self):
        return LogMetrics()


def test_logs_at_debug(caplog):
    with caplog.at_level(logging.DEBUG, logger="mustard.metrics"):
        LogMetrics().increment("uploads.accepted", 2)
    assert "count uploads.accepted 2" in caplog.text
