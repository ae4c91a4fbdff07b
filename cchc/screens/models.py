"""Models of screens."""
