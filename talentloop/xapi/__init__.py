"""xAPI: the statements resource that learning systems send results to, and the learning records they become."""
