from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from webapp.core.forms import Form


class DevReplyForm(Form):
    """Development only: a member's reply, typed here, goes in through fakesmsc and Kannel."""

    phone = StringField(_l("From the phone"), validators=[DataRequired(_l("Please give a phone number.")),
                                                          Length(max=30, message=_l("At most 30 characters."))])
    text = StringField(_l("Reply"), validators=[DataRequired(_l("Please write the reply.")),
                                                Length(max=160, message=_l("At most 160 characters."))])
