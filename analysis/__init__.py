"""lienket: analysis."""
