"""The views: what the graph looks like, as data (networkx graphs, rows) and as pictures (SVG)."""
