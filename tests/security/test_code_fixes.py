"""The findings of bandit / ruff "S" that were real, fixed: a backup archive cannot write outside its temporary
directory; the SMS gateway is only ever reached over http(s)."""

import io
import tarfile

import pytest

from conferences.ops.backup import BackupError, _safe_extract
from conferences.outbox import channels as messaging


def archive_with(name: str, *, kind=tarfile.REGTYPE) -> tarfile.TarFile:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        member = tarfile.TarInfo(name)
        member.type = kind
        data = b"x"
        member.size = len(data) if kind == tarfile.REGTYPE else 0
        if kind == tarfile.SYMTYPE:
            member.linkname = "/etc/passwd"
        tar.addfile(member, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    buffer.seek(0)
    return tarfile.open(fileobj=buffer, mode="r:gz")


@pytest.mark.parametrize("name,kind", [("../outside.txt", tarfile.REGTYPE), ("/tmp/absolute.txt", tarfile.REGTYPE),
                                       ("media/link", tarfile.SYMTYPE)])
def test_a_crafted_archive_is_refused_before_anything_is_written(tmp_path, name, kind):
    target = tmp_path / "restore"
    target.mkdir()
    with pytest.raises(BackupError, match="refusing archive member"):
        _safe_extract(archive_with(name, kind=kind), target)
    assert list(target.iterdir()) == []
    assert not (tmp_path / "outside.txt").exists()


def test_a_plain_archive_is_extracted(tmp_path):
    _safe_extract(archive_with("media/a.txt"), tmp_path)
    assert (tmp_path / "media" / "a.txt").read_bytes() == b"x"


def test_the_sms_gateway_url_must_be_http(settings):
    settings.SMS_GATEWAY_URL = "file:///etc/passwd"
    with pytest.raises(messaging.PermanentDeliveryError, match="http"):
        messaging._send_sms_http(message=None)
