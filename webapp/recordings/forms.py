from __future__ import annotations

from typing import Self

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from webapp.core.forms import Form
from webapp.core.i18n import LANGUAGES


def purpose_labels() -> dict[str, str]:
    return {"notice": _l("The notice: when, where and what is on the agenda"),
            "outcome": _l("The outcome: what the meeting decided"),
            "message": _l("The announcement read aloud")}


class AnnouncementRecordingForm(Form):
    """An announcement read aloud (issue 46): the file, its language and transcript."""

    file = FileField(_l("Recording"), validators=[FileRequired(_l("Please choose a recording."))])
    language = SelectField(_l("Language spoken"), choices=[])
    transcript = TextAreaField(_l("Transcript (what is said, for those who cannot listen)"),
                               validators=[Length(max=20_000, message=_l("At most 20,000 characters."))])

    def fill_choices(self, languages: list[str]) -> Self:
        self.language.choices = [(code, LANGUAGES.get(code, code)) for code in languages]
        return self


class RecordingForm(AnnouncementRecordingForm):
    """A meeting's recording: which of its texts it tells, too."""

    purpose = SelectField(_l("What it tells"), choices=[])

    def fill_choices(self, languages: list[str]) -> Self:
        self.purpose.choices = [(k, v) for k, v in purpose_labels().items() if k != "message"]
        return super().fill_choices(languages)
