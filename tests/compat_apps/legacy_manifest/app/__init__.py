"""An app in the SDK 12 layout: entity types in manifest/manifest.yml, bound here as <Type>Controller."""

from .beam.controller import Controller as BeamController  # noqa: F401
from .project.controller import ProjectController  # noqa: F401
from .project_folder.controller import ProjectFolderController  # noqa: F401
