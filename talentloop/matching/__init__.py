"""Matching: the explainable engine (pure), its index service, the staffing optimiser."""
