"""The backup drill in both database formats: back up, lose everything, restore into an empty installation."""

import io
import tarfile

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import User
from agreements.models import Agreement
from kpu_coop import invalidation
from tests.factories import make_totp_device
from tests.security.backups import (
    checksums,
    lose_everything,
    manifest_of,
    on_postgresql,
    rewritten,
    row_counts,
)

pytestmark = pytest.mark.django_db(transaction=True)

FORMATS = [
    "json",
    pytest.param("pg_dump", marks=pytest.mark.skipif(not on_postgresql, reason="pg_dump needs PostgreSQL")),
]


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English; test_backup_formats checks one in Indonesian."""
    with translation.override("en"):
        yield


def updated_at():
    return list(Agreement.objects.order_by("pk").values_list("pk", "updated_at"))


@pytest.fixture(params=FORMATS)
def backed_up(request, world, private_files, tmp_path):
    """The two-agency world with uploads, a group and a 2FA device, backed up to an archive."""
    Group.objects.create(name="Verifikator").user_set.add(world.staff)
    make_totp_device(world.a.liaison)
    # Links are set after their rows on loading: they must neither write history nor touch the agreement.
    world.a.published.elections.add(world.election)
    world.a.published.focus_areas.add(world.focus_area)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), f"--format={request.param}", stdout=io.StringIO())
    return archive, row_counts(), checksums(private_files)


def test_it_restores_every_row_and_file_into_an_empty_installation(backed_up, private_files):
    archive, counts, files = backed_up
    touched = updated_at()
    if manifest_of(archive)["database_format"] == "json":
        # The JSON keeps times to the millisecond.
        touched = [(pk, at.replace(microsecond=at.microsecond // 1000 * 1000)) for pk, at in touched]
    lose_everything(private_files)
    call_command("restore", str(archive), stdout=io.StringIO())
    assert row_counts() == counts
    assert checksums(private_files) == files
    assert len(files) >= 6
    assert updated_at() == touched


def test_it_keeps_passwords_and_two_factor_devices(backed_up, private_files, client):
    archive, _, _ = backed_up
    device_key = TOTPDevice.objects.get().key
    lose_everything(private_files)
    call_command("restore", str(archive), stdout=io.StringIO())
    assert User.objects.get(username="liaison_a").check_password("pw")
    assert TOTPDevice.objects.get().key == device_key


def test_it_writes_an_archive_only_its_owner_can_read(backed_up):
    archive, _, _ = backed_up
    assert archive.stat().st_mode & 0o077 == 0


def test_it_refuses_to_restore_over_existing_data(backed_up):
    archive, counts, _ = backed_up
    with pytest.raises(CommandError, match="already has users"):
        call_command("restore", str(archive))
    assert row_counts() == counts


def test_it_refuses_a_damaged_file_and_restores_nothing(backed_up, private_files, tmp_path):
    archive, _, _ = backed_up
    damaged = rewritten(
        archive,
        tmp_path / "damaged.tar.gz",
        member=lambda name, data: (
            data.replace(b"%%EOF", b"%%EOX") if name.startswith("files/evidence/") else data
        ),
    )
    lose_everything(private_files)
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(damaged))
    assert not User.objects.exists()
    assert not private_files.exists() or checksums(private_files) == {}


def test_it_refuses_a_damaged_database_dump(backed_up, private_files, tmp_path):
    archive, _, _ = backed_up
    flipped = rewritten(
        archive,
        tmp_path / "damaged.tar.gz",
        member=lambda name, data: data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("db.") else data,
    )
    lose_everything(private_files)
    with pytest.raises(CommandError, match=r"db\.\w+ does not match its checksum: the archive is damaged"):
        call_command("restore", str(flipped))
    assert not User.objects.exists()


def test_it_refuses_a_truncated_archive(backed_up, private_files, tmp_path):
    archive, _, _ = backed_up
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    lose_everything(private_files)
    with pytest.raises(CommandError, match="The archive cannot be read"):
        call_command("restore", str(truncated))
    assert not User.objects.exists()


def test_it_refuses_a_member_no_backup_holds(backed_up, private_files, tmp_path):
    archive, _, _ = backed_up
    extra = tmp_path / "extra.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(extra, "w:gz") as copy:
        for info in source.getmembers():
            copy.addfile(info, source.extractfile(info))
        info = tarfile.TarInfo("settings.py")
        copy.addfile(info, io.BytesIO())
    lose_everything(private_files)
    with pytest.raises(CommandError, match=r"settings\.py, which a backup never holds"):
        call_command("restore", str(extra))


def test_it_lists_row_counts_and_checksums_in_the_manifest(backed_up):
    archive, counts, files = backed_up
    manifest = manifest_of(archive)
    assert manifest["counts"]["agencies.user"] == counts["agencies.user"]
    assert {name: facts["sha256"] for name, facts in manifest["files"].items()} == files


def test_a_restore_starts_every_cached_page_afresh(backed_up, private_files):
    archive, _, _ = backed_up
    lose_everything(private_files)
    before = invalidation.generation(invalidation.PUBLIC)

    call_command("restore", str(archive), stdout=io.StringIO())

    assert invalidation.generation(invalidation.PUBLIC) > before
