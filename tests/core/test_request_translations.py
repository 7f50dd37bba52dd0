"""Issue 43: the templates' translations looked up once per locale and request (webapp/core/i18n.py
``request_translations``) follow the locale in force: the request's, an e-mail's ``force_locale`` inside it, and a
language switch (``refresh``)."""
from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale, refresh


def test_template_strings_follow_the_locale_in_force(app):  # noqa: ANN001
    with app.test_request_context("/?lang=fr"):
        assert render_template_string('{{ _("Yes") }}') == "Oui"
        with force_locale("sw"):
            assert render_template_string('{{ _("Yes") }}') == "Ndiyo"
            with force_locale("es"):
                assert render_template_string('{{ _("Yes") }}') == "Sí"
            assert render_template_string('{{ _("Yes") }}') == "Ndiyo"
        assert render_template_string('{{ _("Yes") }}') == "Oui"
        assert render_template_string('{{ ngettext("%(num)d item", "%(num)d items", 2) }}') == "2 points"
    with app.test_request_context("/"):
        assert render_template_string('{{ _("Yes") }}') == "Yes"


def test_a_language_switch_in_the_request_is_followed(app):  # noqa: ANN001
    from flask import session

    with app.test_request_context("/"):
        assert render_template_string('{{ _("Yes") }}') == "Yes"
        session["lang"] = "ha"
        refresh()
        assert render_template_string('{{ _("Yes") }}') != "Yes"
