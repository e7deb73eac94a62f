# Models arrive with their issue; see ../shared/ROADMAP.md.
