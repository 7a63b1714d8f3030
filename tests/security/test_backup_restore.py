"""The backup drill: back up, lose everything, restore into an empty installation, compare."""

import hashlib
import io
import json
import shutil
import tarfile

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import User
from agreements.models import Agreement
from security.backup import EXCLUDED
from tests.factories import make_totp_device

pytestmark = pytest.mark.django_db(transaction=True)


def row_counts():
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps and model._meta.label_lower not in excluded_models
    }


def updated_at():
    return list(Agreement.objects.order_by("pk").values_list("pk", "updated_at"))


def checksums(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def lose_everything(private_files):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(private_files)


@pytest.fixture
def backed_up(world, private_files, tmp_path):
    """The two-agency world with uploads, a group and a 2FA device, backed up to an archive."""
    Group.objects.create(name="Verifikator").user_set.add(world.staff)
    make_totp_device(world.a.liaison)
    # Links are set after their rows on loading: they must neither write history nor touch the agreement.
    world.a.published.elections.add(world.election)
    world.a.published.focus_areas.add(world.focus_area)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    return archive, row_counts(), checksums(private_files)


def test_it_restores_every_row_and_file_into_an_empty_installation(backed_up, private_files):
    archive, counts, files = backed_up
    # The archive's JSON keeps times to the millisecond.
    touched = [(pk, at.replace(microsecond=at.microsecond // 1000 * 1000)) for pk, at in updated_at()]
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


def test_it_refuses_a_damaged_archive_and_restores_nothing(backed_up, private_files, tmp_path):
    archive, _, _ = backed_up
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("files/evidence/"):
                data = data.replace(b"%%EOF", b"%%EOX")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    lose_everything(private_files)
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(damaged))
    assert not User.objects.exists()
    assert not private_files.exists() or checksums(private_files) == {}


def test_it_lists_row_counts_and_checksums_in_the_manifest(backed_up):
    archive, counts, files = backed_up
    with tarfile.open(archive) as source:
        manifest = json.load(source.extractfile("manifest.json"))
    assert manifest["counts"]["agencies.user"] == counts["agencies.user"]
    assert {name: facts["sha256"] for name, facts in manifest["files"].items()} == files
