"""What crosses between processes: the manifest, constraints and params checks."""
