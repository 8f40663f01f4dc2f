"""Job architecture: role families, roles with levels and the skills each role requires."""
