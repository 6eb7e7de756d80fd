"""search_index package."""
