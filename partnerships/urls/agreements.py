"""Agreement templates, under /p/<platform_slug>/ (the helper building them fills this in)."""

urlpatterns: list = []
