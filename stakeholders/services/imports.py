"""CSV import of organisations and their contacts, as two background jobs: check, then write."""
