"""lienket: api."""
