"""The benchmark's ceiling (bench/bare.py) is a bare Flask app rendering a compiled template: a template compiled on
every request (render_template_string) made the ceiling about 2.9 times too low (issue 31)."""
from __future__ import annotations


def test_the_ceiling_compiles_its_template_once(monkeypatch):
    from bench.bare import app

    compiled = []
    compile_ = app.jinja_env.compile
    monkeypatch.setattr(app.jinja_env, "compile", lambda *a, **k: compiled.append(1) or compile_(*a, **k))
    client = app.test_client()
    pages = [client.get("/") for _ in range(3)]
    assert {p.status_code for p in pages} == {200}
    html = pages[-1].get_data(as_text=True)
    assert "<h1>Bare Flask</h1>" in html and html.count("<li>") == 10 and len(html.strip().splitlines()) >= 20
    assert len(compiled) <= 1
