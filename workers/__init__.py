"""The worker side of viktorlite: a pool of RQ worker processes, each with its own disk, that run
exactly one controller method per job in a forked child."""
