"""Federation: forums that report up to the forum that coordinates them (affiliations, shared objectives,
dated snapshots, the Affiliates page). No statement reads two forums: see snapshots.py."""
