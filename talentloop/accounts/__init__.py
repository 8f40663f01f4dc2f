"""Accounts: sign-in, personas, personal API tokens and the permission helpers every app uses."""
