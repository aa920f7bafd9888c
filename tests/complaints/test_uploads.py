"""Uploads (issue 12, point 5): metadata removed from every copy shown to staff, the
original for the investigators only; uploads kept in memory, never spooled to disk in
clear; archive bombs, decompression bombs and polyglots refused, the typed form kept."""

import io
import tempfile

import pytest
from django.core.files import uploadedfile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from complaints import attachments, services
from complaints.models import Attachment, Complaint
from core.models import AuditEvent
from referrals import services as referral_services

from . import files
from .conftest import intake_data
from .forms_data import intake_post

pytestmark = pytest.mark.django_db


def post_with(client, *uploads):
    data = intake_post()
    data["c-attachments"] = list(uploads)
    return client.post(reverse("complaints:new"), data)


def refused(client, personas, name, content):
    """Post an intake with one file; the page answered, the complaint not made."""
    client.force_login(personas["focal_a"])
    response = post_with(client, SimpleUploadedFile(name, content))
    page = response.content.decode()
    assert response.status_code == 200
    assert "canary-distributor" in page  # the story typed is still there
    assert Complaint.objects.count() == 0
    return page


def gps_and_owner(data: bytes) -> tuple:
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    return dict(exif.get_ifd(0x8825)), exif.get(0x013B)


@pytest.fixture
def case_with(personas, agency_a):
    """case_with(content, type, name): an SEA case with that attachment, referred to
    agency A with the survivor's consent to share her identity."""

    def make(content, content_type, name="photo"):
        data = intake_data()
        data.persons[0].consents["share_identity"] = True
        data.uploads = [(content, content_type, name)]
        complaint = services.complaint_intake(actor=personas["focal_b"], data=data, submit=True)
        services.complaint_screen(
            actor=personas["coordinator"], complaint=complaint, classification="sea",
            priority="high", implicated_organisation=agency_a,
        )  # fmt: skip
        referral_services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
        return complaint, Attachment.objects.get(complaint=complaint)

    return make


def shown(client, complaint, attachment, *, original=False):
    name = "complaints:attachment-original" if original else "complaints:attachment"
    return client.get(reverse(name, args=[complaint.reference, attachment.pk]))


# --- Metadata removed from what staff are shown ---------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")],
)
def test_a_photos_gps_and_owner_are_removed_from_the_copy_staff_see(
    client, personas, case_with, fmt, content_type
):
    original = files.photo(fmt)
    assert gps_and_owner(original)[0][2] == files.GPS_LATITUDE  # a phone's photo
    complaint, attachment = case_with(original, content_type)
    client.force_login(personas["coordinator"])
    response = shown(client, complaint, attachment)
    assert response.status_code == 200
    assert gps_and_owner(response.content) == ({}, None)
    assert files.OWNER.encode() not in response.content
    assert b"CanaryPhone" not in response.content
    assert Image.open(io.BytesIO(response.content)).size == (40, 30)  # the same picture


def test_a_tiffs_tags_are_removed(client, personas, case_with):
    complaint, attachment = case_with(files.photo("TIFF"), "image/tiff")
    client.force_login(personas["coordinator"])
    response = shown(client, complaint, attachment)
    assert files.OWNER.encode() not in response.content
    assert Image.open(io.BytesIO(response.content)).getexif().get(0x013B) is None


def test_a_turned_photo_is_shown_upright(client, personas, case_with):
    exif = files.exif()
    exif[0x0112] = 6  # the phone was held on its side
    complaint, attachment = case_with(files.photo("JPEG", exif=exif), "image/jpeg")
    client.force_login(personas["coordinator"])
    assert Image.open(io.BytesIO(shown(client, complaint, attachment).content)).size == (30, 40)


def test_a_pdfs_author_is_removed_and_the_pdf_still_reads(client, personas, case_with):
    pypdf = pytest.importorskip("pypdf")
    complaint, attachment = case_with(files.pdf(), "application/pdf")
    client.force_login(personas["coordinator"])
    content = shown(client, complaint, attachment).content
    assert files.OWNER.encode() not in content
    assert b"Canary Scanner" not in content
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert (reader.metadata.author or "").strip() == ""
    assert reader.pages[0].extract_text() == "A statement"


def test_an_mp3s_tags_are_removed():
    title = b"TIT2" + (20).to_bytes(4, "big") + b"\x00\x00\x00Canary voice memo 1"
    tag = b"ID3\x03\x00\x00" + bytes([0, 0, 0, len(title)]) + title
    audio = b"\xff\xfb\x90\x00" + b"\x00" * 400
    copy = attachments.shown_copy(
        tag + audio + b"TAG" + b"Canary".ljust(125, b"\x00"), "audio/mpeg"
    )
    assert copy == audio


def test_a_wavs_info_list_is_removed():
    info = b"INFOIART" + (14).to_bytes(4, "little") + b"Canary Artist\x00"
    fmt = b"fmt " + (16).to_bytes(4, "little") + b"\x01\x00\x01\x00" + b"\x40\x1f\x00\x00" * 2
    fmt += b"\x01\x00\x08\x00"
    body = b"WAVE" + fmt + b"LIST" + len(info).to_bytes(4, "little") + info
    body += b"data" + (4).to_bytes(4, "little") + b"\x80\x80\x80\x80"
    copy = attachments.shown_copy(b"RIFF" + len(body).to_bytes(4, "little") + body, "audio/wav")
    assert b"Canary" not in copy
    assert copy.endswith(b"data\x04\x00\x00\x00\x80\x80\x80\x80")
    assert int.from_bytes(copy[4:8], "little") == len(copy) - 8


def box(kind: bytes, payload: bytes) -> bytes:
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def test_a_recordings_gps_position_and_title_are_removed():
    """A phone's video or voice memo (M4A, MP4, 3GP): the position ("©xyz") and the title
    (often the street) are in user-data boxes; the sound is where it was."""
    where = box(b"\xa9xyz", b"\x00\x0c\x15\xc7+37.0505+037.7944/")
    title = box(b"\xa9nam", b"Canary Street 12")
    xmp = box(b"uuid", bytes.fromhex("be7acfcb97a942e89c71999491e3afac") + b"<x:xmpmeta>Canary")
    moov = box(b"moov", box(b"mvhd", b"\x00" * 100) + box(b"udta", where)
               + box(b"trak", box(b"tkhd", b"\x00" * 84) + box(b"udta", title)))  # fmt: skip
    sound = box(b"mdat", b"\x21\x10" * 50)
    recording = box(b"ftyp", b"M4A \x00\x00\x00\x00isomM4A ") + moov + xmp + sound
    copy = attachments.shown_copy(recording, "audio/mp4")
    assert len(copy) == len(recording)  # every offset to the sound stays right
    assert b"+37.0505" not in copy and b"Canary" not in copy
    assert copy.endswith(sound) and copy.startswith(recording[:24])
    assert copy.count(b"free") == 3


# --- The original, for the investigators only ---------------------------------------------------


def test_the_original_is_for_the_investigators_with_the_identity(client, personas, case_with):
    original = files.photo("JPEG")
    complaint, attachment = case_with(original, "image/jpeg")
    client.force_login(personas["investigator_a"])
    response = shown(client, complaint, attachment, original=True)
    assert response.status_code == 200
    assert response.content == original
    assert gps_and_owner(response.content)[0][2] == files.GPS_LATITUDE
    assert "-original.jpeg" in response["Content-Disposition"]
    event = AuditEvent.objects.filter(action="complaint.view").first()
    assert event.detail == {"identity": True, "original": True}
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    assert "original, with its metadata" in page

    # The copy without metadata is theirs too.
    assert gps_and_owner(shown(client, complaint, attachment).content) == ({}, None)


@pytest.mark.parametrize("persona", ["coordinator", "focal_b", "focal_a", "provider", "analyst"])
def test_no_one_else_reads_the_original(client, personas, case_with, persona):
    complaint, attachment = case_with(files.photo("JPEG"), "image/jpeg")
    client.force_login(personas[persona])
    assert shown(client, complaint, attachment, original=True).status_code in (403, 404)
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    assert "original, with its metadata" not in page


def test_without_consent_to_share_the_identity_the_investigator_reads_no_original(
    client, personas, agency_a
):
    data = intake_data()
    data.uploads = [(files.photo("JPEG"), "image/jpeg", "photo")]
    complaint = services.complaint_intake(actor=personas["focal_b"], data=data, submit=True)
    services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    referral_services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    client.force_login(personas["investigator_a"])
    attachment = Attachment.objects.get()
    assert shown(client, complaint, attachment, original=True).status_code == 403


# --- Never on disk in clear -------------------------------------------------------------------


@pytest.fixture
def temp_files(monkeypatch, settings, tmp_path):
    """Every temporary file Django's upload handling creates, and the folder it would use."""
    created = []
    real = uploadedfile.tempfile.NamedTemporaryFile

    def spy(*args, **kwargs):
        handle = real(*args, **kwargs)
        created.append(handle.name)
        return handle

    monkeypatch.setattr(uploadedfile.tempfile, "NamedTemporaryFile", spy)
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return created, tmp_path


def test_a_file_over_the_limit_never_touches_the_disk(client, personas, temp_files):
    created, folder = temp_files
    big = b"\xff\xd8\xff\xe0" + b"plaintext-on-disk " * 700_000  # 12.6 MB
    client.force_login(personas["focal_a"])
    response = post_with(client, SimpleUploadedFile("big.jpg", big))
    page = response.content.decode()
    assert "big.jpg is too large" in page
    assert "canary-distributor" in page
    assert created == [] and list(folder.iterdir()) == []


def test_files_over_ten_megabytes_together_are_kept_in_memory(client, personas, temp_files):
    """Two photos of 6 MB each: Django would have spooled this request to a temporary file."""
    created, folder = temp_files
    pixels = (bytes(range(256)) * 24_610)[: 1500 * 1400 * 3]
    out = io.BytesIO()
    Image.frombytes("RGB", (1500, 1400), pixels).save(out, format="PNG", compress_level=0)
    photo = out.getvalue()  # about 6.3 MB
    assert 6_000_000 < len(photo) < 6_400_000
    client.force_login(personas["focal_a"])
    response = post_with(
        client, SimpleUploadedFile("a.png", photo), SimpleUploadedFile("b.png", photo)
    )
    assert response.status_code == 302
    assert Attachment.objects.count() == 2
    assert created == [] and list(folder.iterdir()) == []


def test_files_past_the_request_limit_are_refused_with_a_message(
    client, personas, settings, temp_files
):
    settings.AMANA_UPLOAD_MAX_REQUEST_BYTES = len(files.JPEG) + 100
    client.force_login(personas["focal_a"])
    response = post_with(
        client, SimpleUploadedFile("a.jpg", files.JPEG), SimpleUploadedFile("b.jpg", files.JPEG)
    )
    page = response.content.decode()
    assert "b.jpg was not received" in page
    assert Complaint.objects.count() == 0


# --- Bombs and polyglots refused, the form kept -------------------------------------------------


def test_an_archive_bomb_is_refused_unopened(client, personas):
    page = refused(client, personas, "photos.zip", files.zip_bomb())
    assert "photos.zip is an archive" in page
    assert "never opened" in page


def test_an_office_document_is_refused_as_an_archive(client, personas):
    page = refused(client, personas, "statement.docx", b"PK\x03\x04" + b"\x00" * 100)
    assert "statement.docx is an archive" in page


def test_a_photo_that_is_also_a_zip_is_refused(client, personas):
    page = refused(client, personas, "photo.jpg", files.with_zip_appended(files.JPEG))
    assert "photo.jpg is also another kind of file hidden inside" in page


def test_a_photo_that_is_also_a_web_page_is_refused(client, personas):
    page = refused(
        client, personas, "photo.jpg", files.photo("JPEG", comment=b"<script>alert(1)</script>")
    )
    assert "photo.jpg is also another kind of file hidden inside" in page


def test_a_photo_named_as_a_web_page_is_refused(client, personas):
    page = refused(client, personas, "photo.html", files.JPEG)
    assert "photo.html is not what its name says" in page


def test_a_pdf_with_a_script_is_refused(client, personas):
    script = files.pdf().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript >>"
    )
    page = refused(client, personas, "statement.pdf", script)
    assert "statement.pdf holds scripts or other files" in page


def test_a_decompression_bomb_is_refused(client, personas, settings):
    settings.AMANA_ATTACHMENT_MAX_PIXELS = 1000  # 40 x 30 = 1200 pixels
    page = refused(client, personas, "photo.jpg", files.JPEG)
    assert "photo.jpg has too many pixels to be opened safely" in page


def test_a_file_that_only_starts_like_a_photo_is_refused(client, personas):
    page = refused(client, personas, "photo.png", files.PNG[:40])
    assert "photo.png starts like a photo but is not one" in page


def test_a_heic_photo_is_not_taken_for_a_recording(client, personas):
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    page = refused(client, personas, "IMG_0001.HEIC", heic)
    assert "IMG_0001.HEIC is not a photo" in page


def test_a_real_photo_and_a_recording_are_accepted(client, personas):
    client.force_login(personas["focal_a"])
    recording = b"#!AMR\n" + b"\x3c" * 200
    response = post_with(
        client,
        SimpleUploadedFile("photo.jpg", files.JPEG),
        SimpleUploadedFile("voice.amr", recording),
        SimpleUploadedFile("scan.pdf", files.pdf()),
    )
    assert response.status_code == 302
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == [
        "application/pdf", "audio/amr", "image/jpeg",
    ]  # fmt: skip
