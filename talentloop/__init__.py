"""Talentloop: an internal talent marketplace joined to learning."""
