"""The web process: the browser editor and its JSON API. It never imports app code."""
