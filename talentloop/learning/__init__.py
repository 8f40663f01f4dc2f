"""The learning catalog and learning records: what people learn, and how completing it feeds their skills."""
