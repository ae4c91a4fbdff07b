"""Models of contests."""
