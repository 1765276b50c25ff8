"""Uploaded images: checked for what they really are, re-encoded without metadata, and
resized once into the widths pages ask for."""

import io
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's names for the formats we accept, and the extension each is saved with.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITION_WIDTHS = (480, 800, 1200)


EXTENSIONS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


ALT_TEXT_REQUIRED = "Describe the image for people who cannot see it."


def image_fields(upload_to: str):
    """An image with its stored size and required description, for any model:
    `image, image_width, image_height, image_alt = image_fields("stories/%Y/%m/")`."""
    image = models.ImageField(
        upload_to=upload_to,
        blank=True,
        width_field="image_width",
        height_field="image_height",
        validators=[validate_image],
        help_text="JPEG, PNG or WebP, up to 10 MB. Location and camera data are "
        "removed on upload.",
    )
    size = [
        models.PositiveIntegerField(null=True, blank=True, editable=False)
        for _ in range(2)
    ]
    alt = models.CharField(
        "image description (alt text)",
        max_length=250,
        blank=True,
        help_text="Describe the image for people who cannot see it. "
        "Required when there is an image.",
    )
    return image, *size, alt


def missing_alt_text(instance) -> bool:
    return bool(instance.image) and not instance.image_alt.strip()


def validate_image(file) -> None:
    """Refuse anything but a real JPEG, PNG or WebP, named for what it is, within the
    size and pixel caps."""
    if isinstance(file, FieldFile) and file._committed:
        return  # stored already: checked, and re-encoded, when it was uploaded
    extension = PurePosixPath(file.name or "").suffix.lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise ValidationError(
            "Choose a JPEG, PNG or WebP photo (a file ending in .jpg, .png or .webp).",
            code="unsupported_extension",
        )
    max_bytes = settings.IMAGE_MAX_UPLOAD_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            f"The image is too large: {file.size / 1_000_000:.1f} MB. "
            f"The limit is {max_bytes // 1_000_000} MB.",
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            if image_format in ACCEPTED_FORMATS:
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        f"The image is too large: {width} × {height} pixels.",
                        code="too_many_pixels",
                    )
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise ValidationError(
            "This file is not an image we can use. Choose a JPEG, PNG or WebP photo.",
            code="not_an_image",
        ) from None
    finally:
        file.seek(position)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "Choose a JPEG, PNG or WebP photo.", code="unsupported_format"
        )
    if EXTENSIONS[extension] != image_format:
        raise ValidationError(
            f"This file is named .{extension} but is really a {image_format} image. "
            "Save it again as a JPEG, PNG or WebP file and choose it again.",
            code="extension_mismatch",
        )


def reencode_new_upload(field_file) -> bool:
    """Replace a just-uploaded image with a clean copy; True when there was one."""
    if not field_file or field_file._committed:
        return False
    clean_copy = reencode(field_file)
    field_file.save(clean_copy.name, clean_copy, save=False)
    return True


def reencode(file) -> ContentFile:
    """A fresh copy of the image, upright, with no EXIF, GPS or other metadata."""
    file.seek(0)
    with Image.open(file) as original:
        image_format = original.format
        image = ImageOps.exif_transpose(original)
        image.load()
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Pillow writes some of these back on save (a JPEG's comment, for one).
    image.info.clear()
    output = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 85}}
    # Saving without exif=/pnginfo=/icc_profile= drops every metadata block.
    image.save(output, format=image_format, **options.get(image_format, {}))
    # A random name: the uploader's ("Emma_after_school.jpg") may name a child, and
    # a camera's ("IMG_1234.jpg") could be guessed before an editor has seen it.
    return ContentFile(
        output.getvalue(), name=f"{uuid.uuid4().hex}.{ACCEPTED_FORMATS[image_format]}"
    )


def build_renditions(field_file, widths=RENDITION_WIDTHS) -> list[dict]:
    """WebP copies at each width narrower than the original (and one at full width
    when the original is smaller), for srcset."""
    field_file.open("rb")
    try:
        with Image.open(field_file) as original:
            original.load()
            image = original.convert(
                "RGBA" if original.mode in ("RGBA", "LA", "P") else "RGB"
            )
    finally:
        field_file.close()
    stem = PurePosixPath(field_file.name)
    folder = stem.parent / "renditions"
    targets = [w for w in widths if w < image.width] or [image.width]
    if image.width not in targets and image.width < max(widths):
        targets.append(image.width)
    renditions = []
    for width in sorted(set(targets)):
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.LANCZOS)
        output = io.BytesIO()
        resized.save(output, format="WEBP", quality=80, method=4)
        name = default_storage.save(
            str(folder / f"{stem.stem}-{width}w.webp"), ContentFile(output.getvalue())
        )
        renditions.append({"name": name, "width": width, "height": height})
    return renditions


def stored_files(image_name: str, renditions=()) -> list[str]:
    """An image's files in storage: the original and its renditions."""
    return [
        name for name in [image_name, *(r["name"] for r in renditions or [])] if name
    ]


def replaced_files(instance) -> list[str]:
    """Before a save: the stored files of the image this save replaces or clears."""
    if instance._state.adding:
        return []
    columns = ["image"] + (
        ["image_renditions"] if hasattr(instance, "image_renditions") else []
    )
    before = type(instance).objects.filter(pk=instance.pk).values(*columns).first()
    if not before or not before["image"] or before["image"] == instance.image.name:
        return []
    return stored_files(before["image"], before.get("image_renditions"))


def delete_files_on_commit(model, names: list[str]) -> None:
    """Remove an image's files (the original first) from storage once the change
    that dropped them is committed: a photo an editor removed, or of a story taken
    down, is not left online. Files another row still names are kept."""

    def delete():
        if model.objects.filter(image=names[0]).exists():
            return
        for name in names:
            default_storage.delete(name)

    if names:
        # robust: storage that fails now must not turn a committed save into an error.
        transaction.on_commit(delete, robust=True)


def delete_files_of_deleted(sender, instance, **kwargs) -> None:
    """post_delete receiver for models with `image_fields`."""
    renditions = getattr(instance, "image_renditions", None)
    delete_files_on_commit(sender, stored_files(instance.image.name, renditions))
