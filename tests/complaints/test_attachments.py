"""Attachments: checked by content, encrypted on disk, served only to who may see them."""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints import attachments
from complaints.models import Attachment, Complaint
from config.settings import base as base_settings
from core import crypto

from .files import JPEG
from .forms_data import intake_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def attachment_root(settings, tmp_path):
    """The deployed "attachments" storage, exactly as configured, in a folder of its own."""
    root = tmp_path / "attachments"
    deployed = base_settings.STORAGES["attachments"]
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {**deployed, "OPTIONS": {**deployed["OPTIONS"], "location": str(root)}},
    }
    return root


def post_with(client, *files):
    data = intake_post()
    data["c-attachments"] = list(files)
    return client.post(reverse("complaints:new"), data)


def test_a_photo_is_stored_encrypted_under_a_server_made_name(client, personas, attachment_root):
    client.force_login(personas["focal_a"])
    response = post_with(
        client, SimpleUploadedFile("amal_haddad_bruises.jpg", JPEG, content_type="image/jpeg")
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg"
    stored = list(attachment_root.iterdir())
    assert [p.name for p in stored] == [attachment.pk.hex]
    assert b"secret-photo-bytes" not in stored[0].read_bytes()
    assert "amal" not in stored[0].name

    complaint = Complaint.objects.get()
    address = reverse("complaints:attachment", args=[complaint.reference, attachment.pk])
    assert client.get(address).status_code == 403  # an SEA intake is locked once submitted
    client.force_login(personas["coordinator"])
    download = client.get(address)
    assert download.status_code == 200
    assert download.content.startswith(b"\xff\xd8\xff")  # the photo, its metadata removed
    assert b"secret-photo-bytes" not in download.content  # (test_uploads.py)
    assert "amal" not in download["Content-Disposition"]
    assert download["Content-Disposition"].startswith("attachment;")


def test_a_disguised_file_is_refused_and_the_form_kept(client, personas):
    client.force_login(personas["focal_a"])
    fake = SimpleUploadedFile(
        "photo.jpg", b"MZ\x90\x00 this is an executable", content_type="image/jpeg"
    )
    response = post_with(client, fake)
    page = response.content.decode()
    assert response.status_code == 200
    assert "photo.jpg is not a photo" in page
    assert "canary-distributor" in page  # the story typed is still there
    assert "attach them again" in page
    assert Complaint.objects.count() == 0


def test_an_oversized_file_is_refused_with_the_limit(client, personas, settings):
    settings.AMANA_ATTACHMENT_MAX_BYTES = 100
    client.force_login(personas["focal_a"])
    response = post_with(client, SimpleUploadedFile("big.jpg", JPEG, content_type="image/jpeg"))
    assert "big.jpg is too large" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_attachments_have_no_public_address(client, personas, attachment_root):
    client.force_login(personas["focal_a"])
    post_with(client, SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg"))
    attachment = Attachment.objects.get()
    client.logout()
    for address in (
        f"/{attachment.pk.hex}",
        f"/media/{attachment.pk.hex}",
        f"/static/{attachment.pk.hex}",
        f"/var/attachments/{attachment.pk.hex}",
    ):
        assert client.get(address).status_code == 404


def test_the_file_layout_is_unchanged(client, personas, attachment_root):
    client.force_login(personas["focal_a"])
    post_with(client, SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg"))
    attachment = Attachment.objects.get()
    path = attachment_root / attachment.pk.hex
    assert list(attachment_root.iterdir()) == [path]
    assert path.stat().st_mode & 0o777 == 0o600
    assert attachment_root.stat().st_mode & 0o777 == 0o700

    # A file written before the storage alias existed, the way store() used to write it.
    aad = crypto.associated_data(attachment, "content", attachment.pk)
    path.write_bytes(crypto.encrypt(attachment.data_key, b"%PDF-1.7 older file", aad=aad))
    assert attachments.load_original(attachment) == b"%PDF-1.7 older file"


def test_a_stored_attachment_goes_through_the_configured_storage(
    client, personas, settings, attachment_root
):
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    client.force_login(personas["focal_a"])
    post_with(client, SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg"))
    attachment = Attachment.objects.get()

    with storages["attachments"].open(attachment.pk.hex, "rb") as stored:
        token = stored.read()
    assert b"secret-photo-bytes" not in token
    aad = crypto.associated_data(attachment, "content", attachment.pk)
    assert crypto.decrypt(attachment.data_key, token, aad=aad) == JPEG
    assert attachments.load_original(attachment) == JPEG
    assert not attachment_root.exists()  # nothing went to the folder of the default


def test_an_attachment_is_never_stored_twice_under_another_name(client, personas, attachment_root):
    client.force_login(personas["focal_a"])
    post_with(client, SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg"))
    attachment = Attachment.objects.get()

    with pytest.raises(FileExistsError):
        attachments.store(attachment, b"%PDF-1.7 another file")
    assert [p.name for p in attachment_root.iterdir()] == [attachment.pk.hex]
    assert attachments.load_original(attachment) == JPEG


def test_the_case_page_says_what_each_attachment_is_when_and_by_whom(client, personas):
    """Issue 15: attachments showed as "image/jpeg · 73 bytes"."""
    client.force_login(personas["focal_a"])
    post_with(client, SimpleUploadedFile("market_photo.jpg", JPEG, content_type="image/jpeg"))
    complaint = Complaint.objects.get()
    attachment = Attachment.objects.get()
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    assert "market_photo.jpg" in page
    assert "Photo or image" in page
    assert "image/jpeg" not in page
    assert attachment.uploaded_at.strftime("%Y-%m-%d") in page
    assert f"focal_a ({personas['focal_a'].organisation.acronym})" in page
