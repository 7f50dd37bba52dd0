"""Reports: requested in the app, built by a worker job, stored in PostgreSQL (RLS), downloaded when ready."""
