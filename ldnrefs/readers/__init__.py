"""Readers: text to records, one module per format."""
