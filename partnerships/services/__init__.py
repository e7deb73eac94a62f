"""Writes (and workflows) for partnerships. One module per area; import from the module.

Importing the package registers the app's job handlers and platform hooks."""

from . import access, agreement_mail, agreement_pdfs, agreement_templates, agreement_zips  # noqa: F401
