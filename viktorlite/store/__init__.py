"""Everything viktorlite keeps in Redis, under the keys of :mod:`viktorlite.store.keys`."""
