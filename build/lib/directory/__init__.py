"""A static site generator for a county's directory of community services."""

__version__ = "0.1.0"
