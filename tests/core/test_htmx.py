"""One render(): full page normally, only the block for htmx, the full page when boosted."""
from __future__ import annotations

import re


def _signed_in(auth, two_forums):
    auth.login(two_forums["a_sec"]["email"])


def test_full_page_without_htmx(client, auth, two_forums):
    _signed_in(auth, two_forums)
    r = client.get("/t/forum-a/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert html.lstrip().startswith("<!doctype html>") and "<main" in html and "Forum A" in html
    assert "HX-Request" in r.headers["Vary"]


def test_only_the_block_with_hx_request(client, auth, two_forums):
    _signed_in(auth, two_forums)
    r = client.get("/t/forum-a/", headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "<html" not in html and "<main" not in html
    assert "My next meetings" in html
    assert "HX-Request" in r.headers["Vary"]


def test_full_page_when_boosted_or_history_restore(client, auth, two_forums):
    _signed_in(auth, two_forums)
    boosted = client.get("/t/forum-a/", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<!doctype html>" in boosted.get_data(as_text=True)
    restore = client.get("/t/forum-a/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<!doctype html>" in restore.get_data(as_text=True)
    assert "HX-Request" in boosted.headers["Vary"]


def test_error_pages_use_the_site_layout_and_block(client, databases):
    r = client.get("/t/nowhere/")
    assert r.status_code == 404
    html = r.get_data(as_text=True)
    assert "<!doctype html>" in html and "Page not found" in html and "vendor/pico.min." in html
    frag = client.get("/t/nowhere/", headers={"HX-Request": "true"})
    assert frag.status_code == 404 and "<html" not in frag.get_data(as_text=True)
    assert "Page not found" in frag.get_data(as_text=True)


def test_layout_configures_htmx_safely(client, databases):
    html = client.get("/").get_data(as_text=True)
    assert 'name="htmx-config"' in html
    for setting in ('"allowEval":false', '"allowScriptTags":false', '"includeIndicatorStyles":false',
                    '"historyRestoreAsHxRequest":false', '{"code":"422","swap":true}'):
        assert setting in html
    assert "style=" not in html and "<script>" not in html
    assert re.search(r'src="/static/vendor/htmx\.min\.[0-9a-f]{12}\.js"', html) and "http" not in html.split("<body")[0].replace(
        'name="viewport"', "")


def test_csp_forbids_inline_script_style_and_eval(client, databases):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
