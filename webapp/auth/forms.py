from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp, ValidationError

from webapp.core.forms import Form, TimeZoneField

MIN_PASSWORD = 10


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email address.")),
                                                Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Please enter your password.")),
                                                         Length(max=1000)])


class CodeForm(Form):
    code = StringField(_l("Code from your authenticator app"),
                       validators=[DataRequired(_l("Please enter the 6-digit code.")), Length(max=20)])


class ForgotForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email address.")),
                                                Length(max=254)])


def _new_password_fields():  # noqa: ANN202
    return (
        PasswordField(_l("New password"), validators=[
            DataRequired(_l("Please choose a password.")),
            Length(min=MIN_PASSWORD, max=200, message=_l("Use at least 10 characters."))]),
        PasswordField(_l("New password again"), validators=[
            DataRequired(_l("Please type the new password again.")),
            EqualTo("password", message=_l("The two passwords are not the same."))]),
    )


class SetPasswordForm(Form):
    password, confirm = _new_password_fields()


class ChangePasswordForm(Form):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Please enter your password."))])
    password, confirm = _new_password_fields()


class AccountForm(Form):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Please enter your name.")), Length(max=200)])
    locale = SelectField(_l("Language"), choices=[])
    time_zone = TimeZoneField(_l("Time zone"))

    def validate_locale(self, field: SelectField) -> None:
        if field.data not in dict(field.choices):
            raise ValidationError(_l("Please choose a language from the list."))


class EnableTwoFactorForm(Form):
    code = StringField(_l("Code from your authenticator app"),
                       validators=[DataRequired(_l("Please enter the 6-digit code.")), Length(max=20)])
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Please enter your password."))])


class DisableTwoFactorForm(Form):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Please enter your password."))])


class ChangeEmailForm(Form):
    email = EmailField(_l("New email"), validators=[
        DataRequired(_l("Please enter your email address.")),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("This email address does not look right.")),
        Length(max=254)])
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Please enter your password."))])
