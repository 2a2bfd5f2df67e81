"""What a request meets before a route: access, size limits, origin and headers."""
