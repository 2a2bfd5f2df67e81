"""The compat apps carry their own unit tests (run by test_compat_apps.py with viktor aliased), not pytest's."""

collect_ignore_glob = ["*/tests/*"]
