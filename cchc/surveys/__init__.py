"""Satisfaction surveys (SIPAS)."""
