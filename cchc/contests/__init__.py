"""Quiz contests and writing contests."""
