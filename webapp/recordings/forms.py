from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from webapp.core.forms import Form
from webapp.core.i18n import LANGUAGES


def purpose_labels() -> dict[str, str]:
    return {"notice": _l("The notice: when, where and what is on the agenda"),
            "outcome": _l("The outcome: what the meeting decided")}


class RecordingForm(Form):
    file = FileField(_l("Recording"), validators=[FileRequired(_l("Please choose a recording."))])
    purpose = SelectField(_l("What it tells"), choices=[])
    language = SelectField(_l("Language spoken"), choices=[])
    transcript = TextAreaField(_l("Transcript (what is said, for those who cannot listen)"),
                               validators=[Length(max=20_000, message=_l("At most 20,000 characters."))])

    def fill_choices(self, languages: list[str]) -> RecordingForm:
        self.purpose.choices = list(purpose_labels().items())
        self.language.choices = [(code, LANGUAGES.get(code, code)) for code in languages]
        return self
