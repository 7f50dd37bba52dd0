"""Development and test harnesses that are no part of the application (issue 35, "Notices is infrastructure"):
``kannel_local`` runs a local Kannel (bearerbox, smsbox and the fake SMSC) for ``scripts/run`` and the tests. Nothing
here is installed with the application (pyproject.toml packages webapp, tenants and worker) nor imported by it,
except the development-only "a phone replies" of the Messages page (``BARAZA_ENV=development``)."""
