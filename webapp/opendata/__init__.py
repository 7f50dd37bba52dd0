"""A forum's open data (issue 41): a read-only, versioned public API in JSON (``/t/<forum>/api/v1/``) described by
an OpenAPI file it serves, and the same sets as CSV. Only what an anonymous reader may see
(webapp/core/visibility.py, ``Reader.anyone()``), under the licence the forum chose (webapp/core/licences.py)."""
