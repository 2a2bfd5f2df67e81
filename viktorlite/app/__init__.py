"""An app as the runtime sees it: its files, config, entity-type structure and environment."""
