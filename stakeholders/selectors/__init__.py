"""Reads for stakeholders. One module per area; import from the module."""
