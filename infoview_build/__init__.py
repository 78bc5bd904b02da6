"""infoview: informational interviews kept as plain text, published as a searchable site."""

__version__ = "0.1.0"
