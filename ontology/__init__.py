"""itukg ontology."""
