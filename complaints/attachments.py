"""Attachment checks, metadata removal and encrypted storage.

Checks (`check_upload`), before anything is stored:
- the type is decided by the file's first bytes, never by the browser's word; a name
  whose extension says another type is refused;
- a polyglot is refused: content that is also another format (a ZIP readable from the
  end of a photo, a web page or script inside it), a PDF with active content or files
  embedded in it;
- nothing is ever unpacked: archives (ZIP, Office documents, RAR, 7z, gzip) are refused
  unopened, so no archive bomb can expand; an image is decoded only when its header
  says it fits in `AMANA_ATTACHMENT_MAX_PIXELS` (a decompression bomb is refused), and
  decoded in full, so a file that only starts like a photo is refused too.

Storage: the original is stored encrypted under the complaint's data key, named by the
attachment's id, in the "attachments" storage of settings.STORAGES, which no URL maps to.
What staff are shown (`load`) is a copy made on the way out with its metadata removed
(`shown_copy`): photos are redrawn from their pixels (no EXIF, GPS, XMP, IPTC, comments
or trailing data; turned upright first); a PDF's document information (author, creator,
producer, title, subject, keywords) and XMP packet are blanked in place; MP3 ID3 tags and
WAV INFO lists are dropped; the metadata boxes of M4A/MP4/3GP recordings (GPS position,
title, XMP) are blanked. Not reached: PDF metadata inside compressed object streams and
comment authors in annotations; OGG/Opus comments; AMR has none. The original, metadata
and all, is read only through `load_original`, for investigators
(`permissions.may_read_original`).

Uploads never touch the disk in clear: `MemoryOnlyUploadHandler` (settings
FILE_UPLOAD_HANDLERS) keeps each file in memory up to the size limit and drops the rest
of a larger one (refused with its size), instead of Django's spooling to a temporary file.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from core import crypto

# Brands of the ISO media box that are photos (HEIC, AVIF), not recordings: their EXIF
# (GPS included) cannot be removed here, so they are not accepted.
_PHOTO_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1",
                 b"avif", b"avis"}  # fmt: skip

# (content type, test on the first bytes)
SIGNATURES = [
    ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ("image/tiff", lambda head: head[:4] in (b"II*\x00", b"MM\x00*")),
    ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    ("audio/mpeg", lambda head: head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3")),
    ("audio/ogg", lambda head: head.startswith(b"OggS")),
    ("audio/wav", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE"),
    ("audio/amr", lambda head: head.startswith(b"#!AMR")),
    ("audio/mp4", lambda head: head[4:8] == b"ftyp" and head[8:12] not in _PHOTO_BRANDS),
]
SAVE_OPTIONS: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 92}, "WEBP": {"quality": 92}, "TIFF": {"compression": "tiff_deflate"},
    "PNG": {},
}  # fmt: skip
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP",
                 "image/tiff": "TIFF"}  # fmt: skip

# What a file's name may say, by extension; a name with another extension is refused.
EXTENSIONS = {
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "jpe": "image/jpeg", "jfif": "image/jpeg",
    "png": "image/png", "webp": "image/webp", "tif": "image/tiff", "tiff": "image/tiff",
    "pdf": "application/pdf", "mp3": "audio/mpeg", "ogg": "audio/ogg", "oga": "audio/ogg",
    "opus": "audio/ogg", "wav": "audio/wav", "amr": "audio/amr", "m4a": "audio/mp4",
    "mp4": "audio/mp4", "aac": "audio/mp4", "3gp": "audio/mp4", "3gpp": "audio/mp4",
}  # fmt: skip

_ARCHIVES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08", b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c",
             b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")  # fmt: skip
# A ZIP reader finds the archive from its end: the end-of-central-directory record sits
# in the last 64 KiB + 22 bytes.
_ZIP_TAIL = 65_557
_ZIP_END = (b"PK\x05\x06", b"PK\x06\x07")
# Markup a browser or an interpreter would run, anywhere in the file (long enough that
# compressed image data does not match it by chance).
_MARKUP = re.compile(
    rb"<script|<iframe|<!doctype html|<html[\s>]|<\?php|<svg[\s>]|javascript:", re.IGNORECASE
)
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS\b|Launch|EmbeddedFiles?|RichMedia)")


def detect_type(head: bytes) -> str | None:
    for content_type, matches in SIGNATURES:
        if matches(head):
            return content_type
    return None


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def check_upload(upload: Any) -> tuple[bytes, str]:
    """The file's bytes and real type, or a ValidationError the user can act on."""
    limit = settings.AMANA_ATTACHMENT_MAX_BYTES
    name = upload.name
    if getattr(upload, "over_request_limit", False):
        raise _refuse(
            _(
                "%(name)s was not received: the files sent at once may not exceed %(limit)s "
                "together. Send it again on its own."
            )
            % {"name": name, "limit": filesizeformat(settings.AMANA_UPLOAD_MAX_REQUEST_BYTES)},
            "request_too_large",
        )
    if upload.size > limit:
        raise _refuse(
            _("%(name)s is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            "too_large",
        )
    data = upload.read()
    if data.startswith(_ARCHIVES):
        raise _refuse(
            _(
                "%(name)s is an archive (ZIP, RAR, 7z, an Office document…): archives are not "
                "accepted, and are never opened. Attach the photos, PDFs or recordings "
                "themselves."
            )
            % {"name": name},
            "archive",
        )
    content_type = detect_type(data[:16])
    if content_type is None:
        raise _refuse(
            _(
                "%(name)s is not a photo (JPEG, PNG, WebP, TIFF), a PDF or a sound recording "
                "(MP3, M4A, OGG, WAV, AMR), whatever its name says."
            )
            % {"name": name},
            "bad_type",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension and EXTENSIONS.get(extension) != content_type:
        raise _refuse(
            _(
                "%(name)s is not what its name says: its content is of another type. Save it "
                "again under its real type, or attach another file."
            )
            % {"name": name},
            "type_mismatch",
        )
    _check_content(data, content_type, name)
    return data, content_type


def _check_content(data: bytes, content_type: str, name: str) -> None:
    polyglot = _refuse(
        _(
            "%(name)s is also another kind of file hidden inside (an archive, a web page or "
            "a script) and is refused. Take a new photo or a screenshot and attach that."
        )
        % {"name": name},
        "polyglot",
    )
    if any(marker in data[-_ZIP_TAIL:] for marker in _ZIP_END) or _MARKUP.search(data):
        raise polyglot
    if content_type == "application/pdf" and _PDF_ACTIVE.search(data):
        raise _refuse(
            _(
                "%(name)s holds scripts or other files inside it and is refused. Print it to "
                "a new PDF, or photograph it, and attach that."
            )
            % {"name": name},
            "pdf_active",
        )
    if content_type in IMAGE_FORMATS:
        _check_image(data, content_type, name)


def _open_image(data: bytes, content_type: str) -> Image.Image:
    """The image, opened and checked against the pixel cap before any decoding."""
    image = Image.open(io.BytesIO(data), formats=[IMAGE_FORMATS[content_type]])
    frames = getattr(image, "n_frames", 1)
    if image.width * image.height * frames > settings.AMANA_ATTACHMENT_MAX_PIXELS:
        raise Image.DecompressionBombError("over the pixel cap")
    return image


def _check_image(data: bytes, content_type: str, name: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with _open_image(data, content_type) as image:
                for frame in ImageSequence.Iterator(image):
                    frame.load()
    except Image.DecompressionBombError:
        raise _refuse(
            _(
                "%(name)s has too many pixels to be opened safely (more than %(limit)s "
                "million). Send a smaller copy of it."
            )
            % {"name": name, "limit": settings.AMANA_ATTACHMENT_MAX_PIXELS // 1_000_000},
            "too_many_pixels",
        ) from None
    except (Image.DecompressionBombWarning, UnidentifiedImageError, OSError, SyntaxError,
            ValueError, struct.error, EOFError):  # fmt: skip
        raise _refuse(
            _("%(name)s starts like a photo but is not one that can be opened.") % {"name": name},
            "bad_image",
        ) from None


# --- The copy shown to staff: metadata removed --------------------------------------------


def shown_copy(data: bytes, content_type: str) -> bytes:
    """The file without its metadata, as staff are shown it (see the module's docstring
    for what is removed from each type; OGG and AMR recordings are passed as they are).
    A photo that cannot be redrawn is not shown at all (ValueError)."""
    if content_type in IMAGE_FORMATS:
        return _redrawn(data, content_type)
    if content_type == "application/pdf":
        return _pdf_without_metadata(data)
    if content_type == "audio/mpeg":
        return _mp3_without_tags(data)
    if content_type == "audio/wav":
        return _wav_without_info(data)
    if content_type == "audio/mp4":
        return _mp4_without_metadata(data)
    return data


def _clean_frame(frame: Image.Image, target: str) -> Image.Image:
    """The frame's pixels only, in a mode the target format writes: nothing of its
    `info` (EXIF, XMP, ICC, comments) comes along."""
    has_alpha = frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info
    mode = "RGBA" if has_alpha and target != "JPEG" else "RGB"
    if frame.mode == "L" or (frame.mode == "1" and target != "WEBP"):
        mode = "L"
    converted = frame.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _redrawn(data: bytes, content_type: str) -> bytes:
    target = IMAGE_FORMATS[content_type]
    try:
        with _open_image(data, content_type) as image:
            frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
            durations = [frame.info.get("duration", 0) for frame in frames]
        # The EXIF orientation is applied to the pixels, as it is dropped with the rest.
        frames[0] = ImageOps.exif_transpose(frames[0])
        if target == "JPEG":
            frames = frames[:1]  # a multi-picture JPEG (MPO): the main picture
        clean = [_clean_frame(frame, target) for frame in frames]
    except (Image.DecompressionBombError, UnidentifiedImageError, OSError, SyntaxError,
            struct.error, EOFError) as error:  # fmt: skip
        raise ValueError("the photo cannot be redrawn") from error
    out = io.BytesIO()
    options: dict[str, Any] = dict(SAVE_OPTIONS[target])
    if len(clean) > 1:
        options.update(save_all=True, append_images=clean[1:])
        if target in ("PNG", "WEBP"):
            options["duration"] = durations
    clean[0].save(out, format=target, **options)
    return out.getvalue()


_INFO_KEYS = re.compile(rb"/(Author|Creator|Producer|Title|Subject|Keywords)(?=[\s(<])\s*")
_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.DOTALL)


def _blank_literal(data: bytearray, start: int) -> None:
    """Blank a PDF literal string `(...)` from `start` (its "("), nested parentheses and
    escapes included, keeping its length (the cross-reference offsets stay right)."""
    depth, i = 0, start
    while i < len(data):
        char = data[i]
        if char == 0x5C:  # backslash: the next byte is escaped
            data[i] = 0x20
            if i + 1 < len(data):
                data[i + 1] = 0x20
            i += 2
            continue
        if char == 0x28:
            depth += 1
            if depth > 1:
                data[i] = 0x20
        elif char == 0x29:
            depth -= 1
            if depth == 0:
                return
            data[i] = 0x20
        elif depth >= 1:
            data[i] = 0x20
        i += 1


def _pdf_without_metadata(data: bytes) -> bytes:
    """Document information and XMP blanked in place, byte for byte the same length.
    Metadata inside compressed object streams (PDF 1.5+) is not reached, nor the names
    of comment authors in annotations."""
    out = bytearray(data)
    for match in _INFO_KEYS.finditer(data):
        start = match.end()
        if start >= len(out):
            continue
        if out[start] == 0x28:  # (literal)
            _blank_literal(out, start)
        elif out[start] == 0x3C and out[start + 1 : start + 2] != b"<":  # <hex>, not <<dict
            end = out.find(b">", start)
            digits = [i for i in range(start + 1, end) if chr(out[i]) in "0123456789abcdefABCDEF"]
            for n, i in enumerate(digits):
                out[i] = ord("2") if n % 2 == 0 else ord("0")  # "20": spaces
    for match in _XMP.finditer(data):
        out[match.start() : match.end()] = b" " * (match.end() - match.start())
    return bytes(out)


def _mp3_without_tags(data: bytes) -> bytes:
    """Without its ID3v2 tag (at the start) and ID3v1 tag (the last 128 bytes)."""
    if data.startswith(b"ID3") and len(data) >= 10:
        size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
        footer = 10 if data[5] & 0x10 else 0
        data = data[10 + size + footer :]
    if len(data) >= 128 and data[-128:-125] == b"TAG":
        data = data[:-128]
    return data


def _wav_without_info(data: bytes) -> bytes:
    """The RIFF chunks without LIST (INFO: artist, comments, software) and other text."""
    if len(data) < 12:
        return data
    chunks, i = [], 12
    while i + 8 <= len(data):
        chunk_id, size = data[i : i + 4], struct.unpack("<I", data[i + 4 : i + 8])[0]
        end = i + 8 + size + (size & 1)
        if chunk_id not in (b"LIST", b"id3 ", b"ID3 ", b"bext", b"iXML", b"_PMX"):
            chunks.append(data[i:end])
        i = end
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


# Boxes of an MP4/M4A/3GP file that hold its metadata: user data (a phone's GPS position in
# "©xyz", a voice memo's title, which is often the street it was recorded in), iTunes-style
# metadata, and XMP (a "uuid" box); and the boxes they sit in.
_MP4_METADATA = {b"udta", b"meta", b"uuid"}
_MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf"}


def _mp4_without_metadata(data: bytes) -> bytes:
    """Metadata boxes turned into "free" boxes of the same size, their content zeroed:
    every offset in the file stays right, and players skip free boxes."""
    out = bytearray(data)

    def walk(start: int, end: int) -> None:
        i = start
        while i + 8 <= end:
            size, kind = struct.unpack(">I4s", out[i : i + 8])
            header = 8
            if size == 1 and i + 16 <= end:
                size, header = struct.unpack(">Q", out[i + 8 : i + 16])[0], 16
            elif size == 0:
                size = end - i
            if size < header or i + size > end:
                return  # damaged: leave the rest as it is
            if kind in _MP4_METADATA:
                out[i + 4 : i + 8] = b"free"
                out[i + header : i + size] = bytes(size - header)
            elif kind in _MP4_CONTAINERS:
                walk(i + header, i + size)
            i += size

    walk(0, len(out))
    return bytes(out)


# --- Uploads kept in memory, never spooled to disk -------------------------------------------


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps every uploaded file in memory, never in a temporary file (which would hold
    the plaintext on disk). A file past `AMANA_ATTACHMENT_MAX_BYTES` stops being kept
    (the rest is read and dropped) and is refused with its size; once the files of one
    request pass `AMANA_UPLOAD_MAX_REQUEST_BYTES` together, the following ones are
    dropped and refused the same way. Memory per request is thus bounded."""

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        self.kept_in_request = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.dropped = False
        self.over_request_limit = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self.dropped:
            return None
        kept = getattr(self, "kept_in_request", 0)
        if start + len(raw_data) > settings.AMANA_ATTACHMENT_MAX_BYTES:
            self.dropped = True
        elif kept + len(raw_data) > settings.AMANA_UPLOAD_MAX_REQUEST_BYTES:
            self.dropped = self.over_request_limit = True
        if self.dropped:
            self.kept_in_request = kept - self.buffer.tell()
            self.buffer = io.BytesIO()
            return None
        self.buffer.write(raw_data)
        self.kept_in_request = kept + len(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        upload = InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
        upload.over_request_limit = self.over_request_limit  # type: ignore[attr-defined]
        return upload


# --- Encrypted storage ---------------------------------------------------------------------


def _storage() -> Storage:
    # Looked up on each call, so a change to STORAGES (a test's override) takes effect.
    return storages["attachments"]


def _name(attachment) -> str:
    return attachment.pk.hex


def stored_name(attachment) -> str:
    """The attachment's name in the storage, for `delete_stored`."""
    return _name(attachment)


def delete_stored(names: list[str]) -> None:
    """Delete stored files (a purge, after it committed); a missing one is no error."""
    storage = _storage()
    for name in names:
        storage.delete(name)


def store(attachment, data: bytes) -> None:
    """Encrypt and save the original; only the ciphertext ever reaches the storage."""
    name = _name(attachment)
    token = crypto.encrypt(
        attachment.data_key, data, aad=crypto.associated_data(attachment, "content", attachment.pk)
    )
    storage = _storage()
    saved = storage.save(name, ContentFile(token))
    if saved != name:
        # The name was taken and the storage picked another one; load() looks only under
        # the attachment's id, so that copy would be lost. Refuse instead.
        storage.delete(saved)
        raise FileExistsError(f"attachment {name} is already stored")


def load_original(attachment) -> bytes:
    """The file as it was received, metadata included: for investigators only."""
    with _storage().open(_name(attachment), "rb") as stored:
        token = stored.read()
    return crypto.decrypt(
        attachment.data_key, token, aad=crypto.associated_data(attachment, "content", attachment.pk)
    )


def load(attachment) -> bytes:
    """The copy staff are shown: the original without its metadata."""
    return shown_copy(load_original(attachment), attachment.content_type)
