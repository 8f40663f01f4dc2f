"""The marketplace: opportunities of six types and people's applications to them."""
