"""itukg data."""
