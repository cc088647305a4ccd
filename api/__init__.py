"""itukg api."""
