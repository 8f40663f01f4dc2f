"""The demo organisation: a plausible company generated deterministically from a seed."""
