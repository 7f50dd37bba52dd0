"""Evidence attached to an update or a report (issue 40): a photo or a document, checked and kept in PostgreSQL.

A file must match its name and its bytes (as meeting papers do: webapp/meetings/services.py DOCUMENT_TYPES). A photo
is decoded and encoded again on the server, at most 1600 pixels on its longer side, keeping no metadata: no GPS
position, no camera, no date (what Pillow writes from the pixels alone). Evidence is members-only: it is served
only to a member who may read the item. Flush, never commit.

Publishing one is a separate act of the secretariat, file by file, after looking at it: the publisher confirms each
point of ``CHECKS`` (it shows or names no child; nothing in it leads to a case — a name, a village, a school, a pit,
a case number; every adult shown or named agreed to be shown publicly), or refuses with one of ``REFUSALS``
("identifies a child", "identifies a case", "no consent", "other"), kept with the file so it is not asked again
unknowingly. Only a file of a verified figure of an item the public may read can be published: the public sees it
on the forum's public plan section and at /public/evidence/<id>, and nothing unpublished is served there
(webapp/public/views.py, actions/queries.py published_evidence). No machine looks at the picture: the check is a
person's, recorded (who, when, what they confirmed) in the audit log.
"""
from __future__ import annotations

import io
from datetime import UTC, datetime

from sqlalchemy import select

from webapp.actions.models import ActionEvidence, ActionItem, ActionUpdate
from webapp.actions.services import ActionError, may_update
from webapp.actions.visibility import Reader, readable_sql
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


# --- publishing (the secretariat, after the checklist) ---------------------------------------------------------

CHECKS = ("no_child", "no_case", "consent")  # every one confirmed, or nothing is published
REFUSALS = ("identifies_child", "identifies_case", "no_consent", "other")


def may_publish(member: Member) -> bool:
    return member.role == "secretariat" and member.active


def publishable(item: ActionItem, update: ActionUpdate) -> bool:
    """A file may go public only with a figure the public sees: a verified one of an item the public may read."""
    return update.verification == "verified" and db.session.scalar(select(ActionItem.id).where(
        ActionItem.tenant_id == item.tenant_id, ActionItem.id == item.id, readable_sql(Reader.anyone()))) is not None


def publish(item: ActionItem, update: ActionUpdate, evidence: ActionEvidence, member: Member,
            confirmed: list[str]) -> None:
    if evidence.update_id != update.id or update.item_id != item.id or not may_publish(member):
        raise ActionError("evidence", "not_publisher")
    if not publishable(item, update):
        raise ActionError("evidence", "not_public")
    if set(CHECKS) - set(confirmed):
        raise ActionError("evidence", "unchecked")
    evidence.publication, evidence.publication_reason = "published", None
    evidence.reviewed_by, evidence.reviewed_at = member.name[:200], datetime.now(UTC)
    db.session.flush()
    audit.record("evidence_published", "action_item", item.id, sorted(CHECKS))


def refuse(item: ActionItem, update: ActionUpdate, evidence: ActionEvidence, member: Member, reason: str) -> None:
    """Kept members-only, with the reason (a published file is taken down the same way)."""
    if evidence.update_id != update.id or update.item_id != item.id or not may_publish(member):
        raise ActionError("evidence", "not_publisher")
    if reason not in REFUSALS:
        raise ActionError("reason", "no_reason")
    evidence.publication, evidence.publication_reason = "refused", reason
    evidence.reviewed_by, evidence.reviewed_at = member.name[:200], datetime.now(UTC)
    db.session.flush()
    audit.record("evidence_refused", "action_item", item.id, [reason])
