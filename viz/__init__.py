"""lienket: viz."""
