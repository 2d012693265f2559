"""OCOP Kiosk: point of sale for OCOP showrooms and rest-stop shops."""

__version__ = "0.1.0"
