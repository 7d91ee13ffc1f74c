import pytest

from mustard_core.builtin.storage_local import LocalStorage
from mustard_core.testing.conformance import StorageConformance


class TestLocalStorage(StorageConformance):
    @pytest.fixture
    def storage(self, tmp_path):
        return LocalStorage(tmp_path / "files")


def test_symlink_escape_is_refused(tmp_path):
    storage = LocalStorage(tmp_path / "files")
    (tmp_path / "outside").mkdir()
    (tmp_path / "files" / "t1").symlink_to(tmp_path / "outside")
    with pytest.raises(ValueError):
        storage.put("t1/x", b"1", content_type="text/plain")
    assert not (tmp_path / "outside" / "x").exists()


def test_failed_write_leaves_no_file(tmp_path):
    storage = LocalStorage(tmp_path / "files")

    class Broken:
        def __init__(self):
            self.calls = 0

        def read(self, n):
            self.calls += 1
            if self.calls > 1:
                raise OSError("disk went away")
            return b"partial"

    with pytest.raises(OSError):
        storage.put("t/a", Broken(), content_type="text/plain")
    assert not storage.exists("t/a")
    assert list((tmp_path / "files" / "t").iterdir()) == []
