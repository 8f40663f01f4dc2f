"""Skills taxonomy: skills, their category tree, aliases, related skills and external ids."""
