"""Models of column."""
