"""desktop_app package."""
