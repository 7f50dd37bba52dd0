"""Evidence attached to an update or a report (issue 40): a photo or a document, checked and kept in PostgreSQL.

A file must match its name and its bytes (as meeting papers do: webapp/meetings/services.py DOCUMENT_TYPES). A photo
is decoded and encoded again on the server, at most 1600 pixels on its longer side, keeping no metadata: no GPS
position, no camera, no date (what Pillow writes from the pixels alone). Evidence is members-only: it is served
only to a member who may read the item, never on a public page. Flush, never commit.
"""
from __future__ import annotations

import io

from webapp.actions.models import ActionEvidence, ActionItem, ActionUpdate
from webapp.actions.services import ActionError, may_update
from webapp.core import audit
from webapp.extensions import db
from webapp.members.models import Member

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1600  # pixels, the longer side of a photo kept
TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "pdf": ("application/pdf", (b"%PDF-",)),
}


def clean_photo(data: bytes, content_type: str) -> bytes:
    """The photo's pixels only, resized to fit MAX_SIDE: EXIF (GPS position included), XMP and comments dropped."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img)  # keep the photo upright once its orientation tag is gone
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            jpeg = content_type == "image/jpeg"
            if img.mode not in (("RGB", "L") if jpeg else ("RGB", "RGBA", "L", "LA")):
                img = img.convert("RGB" if jpeg else "RGBA")
            pixels = Image.frombytes(img.mode, img.size, img.tobytes())  # the pixels, and nothing else
            out = io.BytesIO()
            pixels.save(out, "JPEG" if jpeg else "PNG", quality=85)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        raise ActionError("file", "type") from None


def may_attach(item: ActionItem, update: ActionUpdate, member: Member) -> bool:
    """The update's author, while they may still update the item (or, for a report, always): who took the photo or
    holds the document attaches it."""
    return update.author_member_id == member.id and (may_update(item, member) or update.body_id is not None)


def attach(item: ActionItem, update: ActionUpdate, member: Member, filename: str, data: bytes) -> ActionEvidence:
    if update.item_id != item.id or not may_attach(item, update, member):
        raise ActionError("file", "not_author")
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "evidence"
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in TYPES:
        raise ActionError("file", "type")
    if not data:
        raise ActionError("file", "empty")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ActionError("file", "size")
    content_type, magic = TYPES[ext]
    if not any(data.startswith(m) for m in magic):
        raise ActionError("file", "type")
    if content_type.startswith("image/"):
        data = clean_photo(data, content_type)
    evidence = ActionEvidence(update_id=update.id, filename=name, content_type=content_type, size=len(data),
                              data=data, uploaded_by=member.name[:200])
    db.session.add(evidence)
    db.session.flush()
    audit.record("uploaded", "action_item", item.id, ["evidence"])
    return evidence
