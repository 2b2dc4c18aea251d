"""lienket: graph."""
