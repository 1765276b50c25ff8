"""Image files made on the fly for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
MAKE = 0x010F


def image_bytes(fmt="JPEG", size=(1600, 1000), with_exif=False) -> bytes:
    image = Image.new("RGB", size, (200, 120, 80))
    output = io.BytesIO()
    options = {}
    if with_exif:
        exif = Image.Exif()
        exif[MAKE] = "PhoneMaker"
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 26.0, 46.0)})
        options["exif"] = exif
    image.save(output, format=fmt, **options)
    return output.getvalue()


def upload(name="photo.jpg", fmt="JPEG", **kwargs) -> SimpleUploadedFile:
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
    return SimpleUploadedFile(
        name, image_bytes(fmt, **kwargs), content_type=content_type.get(fmt, "")
    )
