"""Evidence photos: checked by their content, cleaned of metadata, kept in a store.

A photo is accepted only when its first bytes say JPEG, PNG or WebP and Pillow decodes the
whole of it as that format. It is then re-encoded from its pixels alone (turned upright first),
so EXIF (GPS position, camera, time), XMP, text chunks and everything else a phone or an editor
wrote into the file are gone from what is stored and served.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import uuid
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageOps, UnidentifiedImageError

from ecosystem.errors import DomainError, ErrorCode

# Pillow format name -> (content type, file extension), for the formats we take.
FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
JPEG_QUALITY = 90
WEBP_QUALITY = 90


class UnsupportedImage(DomainError):
    """The upload is not a JPEG, PNG or WebP image that decodes cleanly."""

    def __init__(self, message: str, *, max_pixels: int | None = None) -> None:
        super().__init__(
            ErrorCode.INVALID,
            message,
            "file",
            maximum=None if max_pixels is None else str(max_pixels),
        )


@dataclass(frozen=True)
class CleanImage:
    """A photo re-encoded from its pixels, with nothing else of the upload in it."""

    data: bytes
    content_type: str
    extension: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sniff(data: bytes) -> str | None:
    """The format the file's magic bytes announce, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def clean_image(data: bytes, *, max_pixels: int) -> CleanImage:
    """Check that ``data`` is a whole JPEG, PNG or WebP image of at most ``max_pixels`` pixels
    and re-encode it without metadata; UnsupportedImage otherwise."""
    declared = sniff(data)
    if declared is None:
        raise UnsupportedImage("The file is not a JPEG, PNG or WebP image.")
    try:
        with warnings.catch_warnings():
            # Pillow only warns about very large images below twice its own limit.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=[declared]) as probe:
                if probe.width * probe.height > max_pixels:
                    raise UnsupportedImage(
                        f"The image has {probe.width}×{probe.height} pixels; "
                        f"at most {max_pixels} pixels are accepted.",
                        max_pixels=max_pixels,
                    )
                probe.verify()
            with Image.open(BytesIO(data), formats=[declared]) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except UnsupportedImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own bound (about 89 million pixels) is above EVIDENCE_MAX_PIXELS's.
        raise UnsupportedImage(
            f"The image has more than {max_pixels} pixels; at most {max_pixels} pixels are "
            "accepted.",
            max_pixels=max_pixels,
        ) from None
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ):
        raise UnsupportedImage(
            f"The file starts like a {declared} image but does not decode as one."
        ) from None
    return _reencode(upright, declared)


def _reencode(image: Image.Image, format_name: str) -> CleanImage:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if format_name == "JPEG":
        mode = "L" if image.mode in ("1", "L") else "RGB"
    else:
        mode = "RGBA" if has_alpha else "RGB"
    pixels = image.convert(mode)
    # A new image made from the pixels alone carries no info, EXIF, XMP or text chunks.
    bare = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = BytesIO()
    if format_name == "JPEG":
        bare.save(out, format="JPEG", quality=JPEG_QUALITY)
    elif format_name == "WEBP":
        bare.save(out, format="WEBP", quality=WEBP_QUALITY)
    else:
        bare.save(out, format="PNG")
    content_type, extension = FORMATS[format_name]
    return CleanImage(out.getvalue(), content_type, extension, bare.width, bare.height)


def new_storage_key(extension: str) -> str:
    """A fresh, unguessable key, spread over 256 folders."""
    name = uuid.uuid4().hex
    return f"{name[:2]}/{name}.{extension}"


class EvidenceStoreRefused(Exception):
    """The store could not keep a photo now: its disk is full, read-only or not writable by
    the server. Nothing of the photo is left in it; the message says why, for the log."""


class EvidenceStore(Protocol):
    """Where photo files live. Keys are made by ``new_storage_key``, never by a client."""

    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes | None: ...

    async def delete(self, key: str) -> None: ...


class DirectoryStore:
    """Photos as files under one directory (EVIDENCE_DIR)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"storage key outside the store: {key!r}")
        return path

    async def put(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(self._write, self._path(key), data)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        partial = path.with_name(path.name + ".partial")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(data)
            # Readers see the whole file or none of it.
            os.replace(partial, path)
        except OSError as error:
            # A full disk (ENOSPC, EFBIG), a read-only one (EROFS) or no permission (EACCES,
            # EPERM): what was begun is removed, so nothing half-written stays behind.
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            raise EvidenceStoreRefused(f"{path}: {error.strerror or error!r}") from error

    async def get(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:
            return None

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)
