"""Leaflets and receipt backs with QR codes (WeasyPrint), print runs."""
