"""Harvesting the units' portals (RSS/Atom/sitemap) into activities."""
