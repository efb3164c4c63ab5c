"""Compatibility profiles that reproduce other engines' dates exactly."""
