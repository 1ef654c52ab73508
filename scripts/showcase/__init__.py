"""Volunteer Showcase: records of exemplary volunteers → a static publicity site."""

__version__ = "0.2.0"
