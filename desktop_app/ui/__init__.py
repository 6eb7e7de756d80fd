"""The PySide6 window: panels, models, delegates and background tasks."""
