"""The ceiling: a bare Flask app rendering a 20-line template, run under the same gunicorn settings."""
from flask import Flask, render_template_string

app = Flask(__name__)
TEMPLATE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ title }}</title>
</head>
<body>
  <header><h1>{{ title }}</h1></header>
  <main>
    <ul>
    {% for item in items %}
      <li>{{ item }}</li>
    {% endfor %}
    </ul>
  </main>
  <footer>{{ footer }}</footer>
</body>
</html>
"""


@app.get("/")
def index() -> str:
    return render_template_string(TEMPLATE, title="Bare Flask", items=range(10), footer="ceiling")
