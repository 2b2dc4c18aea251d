"""lienket: lienket."""
