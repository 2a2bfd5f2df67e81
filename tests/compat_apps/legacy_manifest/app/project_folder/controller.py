from viktor.core import ViktorController


class ProjectFolderController(ViktorController):
    """A folder for all projects."""

    label = "Projects"
    children = ["Project"]
    show_children_as = "Table"
