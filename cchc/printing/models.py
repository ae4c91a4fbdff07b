"""Models of printing."""
