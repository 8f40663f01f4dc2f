"""Employees: organisation structure, profiles, skills with evidence, aspirations and visibility."""
