from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from webapp.core.forms import EmptyForm as EmptyForm  # noqa: F401  (one for every feature)
from webapp.core.forms import Form


class AnnouncementForm(Form):
    subject = StringField(_l("Subject"), validators=[DataRequired(_l("Please write a subject.")),
                                                     Length(max=150, message=_l("At most 150 characters."))])
    body = TextAreaField(_l("Message"), validators=[DataRequired(_l("Please write a message.")),
                                                    Length(max=5000, message=_l("At most 5,000 characters."))])


