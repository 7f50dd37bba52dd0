"""Cross-cutting pieces: layout, rendering, permissions, errors, unit of work. Imports no feature."""
