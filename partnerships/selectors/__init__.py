"""Reads for partnerships. One module per area; import from the module."""
