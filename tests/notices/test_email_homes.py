"""E-mail templates live with the feature that sends them (issue 18): webapp/<feature>/templates/<feature>/email/,
extending notices/email/base.html; notices keeps only its own kinds."""
from __future__ import annotations

from pathlib import Path

from webapp.notices import emails

WEBAPP = Path(__file__).resolve().parents[2] / "webapp"


def test_no_feature_keeps_its_email_templates_under_notices():
    strays = sorted(str(p.relative_to(WEBAPP)) for p in WEBAPP.glob("*/templates/notices/email/*")
                    if p.parts[-5] != "notices")
    assert strays == [], f"e-mail templates outside their feature's templates/<feature>/email/: {strays}"


def test_every_registered_kind_finds_its_templates_in_its_feature(app):
    folders = {kind: k.templates for kind, k in emails.EMAIL_KINDS().items()}
    assert {"meeting_invitation", "action_digest", "chair_assigned", "email_changed"} <= set(folders)
    for kind, folder in folders.items():
        feature = folder.split("/")[0]
        assert folder == f"{feature}/email", kind
        for ext in ("txt", "html"):
            assert (WEBAPP / feature / "templates" / folder / f"{kind}.{ext}").is_file(), (kind, ext)
            app.jinja_env.get_template(f"{folder}/{kind}.{ext}")
