"""Real small files for upload tests, made with Pillow: photos with the metadata a phone
writes (EXIF with a GPS position, the camera's owner), a PDF with its author."""

import io
import zipfile

from fpdf import FPDF
from PIL import Image, TiffImagePlugin

GPS_LATITUDE = (37.0, 3.0, 2.0)  # 37°3'2": Nizip, as a phone would write it
OWNER = "Canary Camera-Owner"


def exif() -> Image.Exif:
    data = Image.Exif()
    data[0x013B] = OWNER  # Artist
    data[0x010F] = "CanaryPhone Inc."  # Make
    data[0x0112] = 1  # Orientation
    gps = {1: "N", 2: GPS_LATITUDE, 3: "E", 4: (37.0, 47.0, 40.0)}
    data[0x8825] = gps  # GPSInfo
    return data


def photo(fmt="JPEG", size=(40, 30), comment=b"", **options) -> bytes:
    image = Image.new("RGB", size, (200, 80, 40))
    out = io.BytesIO()
    if fmt == "JPEG" and comment:
        options["comment"] = comment
    if fmt == "TIFF":
        info = TiffImagePlugin.ImageFileDirectory_v2()
        info[0x013B] = OWNER
        options["tiffinfo"] = info
    else:
        options.setdefault("exif", exif())
    image.save(out, format=fmt, **options)
    return out.getvalue()


JPEG = photo("JPEG", comment=b"secret-photo-bytes")
PNG = photo("PNG")


def pdf(author=OWNER) -> bytes:
    document = FPDF()
    document.set_author(author)
    document.set_creator("Canary Scanner 2.1")
    document.set_title("Canary statement")
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="A statement")
    return bytes(document.output())


def zip_bomb() -> bytes:
    """Ten megabytes of zeros in a few kilobytes, inside another ZIP."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\x00" * 10_000_000)
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(3):
            archive.writestr(f"layer{n}.zip", inner.getvalue())
    return outer.getvalue()


def with_zip_appended(data: bytes) -> bytes:
    """A photo that is also a ZIP (a reader finds the archive from the end)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("payload.html", "<b>hello</b>")
    return data + archive.getvalue()
