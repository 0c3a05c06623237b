"""Writers: records to text, one module per format."""
