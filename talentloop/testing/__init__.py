"""Shared test helpers: factories and the named personas every permission test uses."""
