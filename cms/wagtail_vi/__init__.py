"""Vietnamese for Wagtail's admin, where Wagtail ships little of it (see README.md here)."""
