"""Helpers of the app; its entry point is app.py beside this package."""
