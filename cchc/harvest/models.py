"""Models of harvest."""
