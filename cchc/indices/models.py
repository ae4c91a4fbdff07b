"""Models of indices."""
