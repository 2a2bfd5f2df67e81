"""The ``viktorlite`` command: its subcommands, and the supervisor that ``serve`` runs."""
