"""The ceiling: a bare Flask app rendering a compiled 20-line template (templates/bare.html), run under the same
gunicorn settings. ``render_template`` compiles the file once per worker and keeps it (Jinja's cache);
``render_template_string``, which this used until issue 31, compiles on every request and made the ceiling about
2.9 times too low (bench/README.md)."""
from flask import Flask, render_template

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return render_template("bare.html", title="Bare Flask", items=range(10), footer="ceiling")
