"""itukg loader."""
