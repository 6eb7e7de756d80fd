"""resources_db package."""
