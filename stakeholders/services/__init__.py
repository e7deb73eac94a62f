"""Writes (and workflows) for stakeholders. One module per area; import from the module:

    from stakeholders.services.organisations import organisation_create

Importing the package registers the app's job handlers and platform hooks.
"""

from . import imports, representatives, screening  # noqa: F401
