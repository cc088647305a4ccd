"""itukg shapes."""
