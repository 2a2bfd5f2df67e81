"""The ``viktorlite new`` command (registered in :mod:`viktorlite.cli.main`): a runnable app folder to start from.

The files come from Jinja templates in ``app_templates/``: ``common/`` for every app, plus
``single/`` (editor and simple apps: one ``app.py``) or ``tree/`` (an ``app/`` package). Every
file is rendered and written without its ``.jinja`` suffix. The folder is filled under a hidden
name first and renamed into place, so a failure never leaves half an app behind.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import click

from viktorlite.app.app_types import APP_TYPES

TEMPLATES = Path(__file__).parent / "app_templates"
#: Template folders per app type, on top of ``common``.
LAYOUTS = {"editor": "single", "simple": "single", "tree": "tree"}
#: What each layout's app imports besides ``viktor`` (requirements.txt lists them).
PACKAGES = {"single": ["plotly"], "tree": []}
#: Files that packaging would drop under their real name.
OUTPUT_NAMES = {"gitignore": ".gitignore"}
#: An app's folder name is its name: it namespaces its Redis keys and appears in URLs.
VALID_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


class NewAppError(Exception):
    """The app could not be created; the message names the folder and the reason."""


def render_app(name: str, app_type: str) -> dict[Path, str]:
    """Every file of a new app, by its path inside the app folder."""
    import jinja2

    from viktorlite.sdk import __version__ as sdk_version  # what requirements.txt pins; imported late, the SDK is big

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True, undefined=jinja2.StrictUndefined
    )
    layout = LAYOUTS[app_type]
    context = {
        "name": name,
        "title": name.replace("_", " ").replace("-", " ").strip().capitalize(),
        "app_type": app_type,
        "sdk_version": sdk_version,
        "python_version": f"{sys.version_info.major}.{sys.version_info.minor}",
        "packages": PACKAGES[layout],
    }
    files = {}
    for folder in ("common", layout):
        for template in sorted((TEMPLATES / folder).rglob("*.jinja")):
            relative = template.relative_to(TEMPLATES / folder).with_suffix("")
            target = relative.with_name(OUTPUT_NAMES.get(relative.name, relative.name))
            files[target] = environment.get_template(template.relative_to(TEMPLATES).as_posix()).render(context)
    return files


def create_app(target: Path, app_type: str) -> None:
    """Write a new app into ``target``, which must not exist or be an empty folder.

    A ValueError when its name cannot be an app's name (its parents may be anything).
    """
    import secrets

    if not VALID_NAME.fullmatch(target.name):
        raise ValueError(
            f"{target.name!r} is not a valid app folder name: use up to 64 letters, digits, '-' and '_', "
            "starting with a letter or digit"
        )
    if target.exists() and not target.is_dir():
        raise NewAppError(f"{target} already exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise NewAppError(f"{target} already exists and is not empty; pick a new name or empty it")
    files = render_app(target.name, app_type)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.parent / f".{target.name}.new-{secrets.token_hex(4)}"
        staging.mkdir()
    except OSError as exc:
        raise NewAppError(f"cannot create {target}: {exc.strerror or exc}") from None
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        staging.replace(target)  # onto nothing or an empty folder; refused if the folder filled up meanwhile
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise NewAppError(f"cannot create {target}: {exc.strerror or exc}") from None


@click.command("new")
@click.argument("name", type=click.Path(path_type=Path))
@click.option(
    "--type",
    "app_type",
    type=click.Choice(APP_TYPES),
    default="editor",
    show_default=True,
    help="The app type: editor (one private editor per user, nothing saved), simple (saved entities) or tree.",
)
def new_command(name: Path, app_type: str) -> None:
    """Create the app folder NAME (a name or a path) with a working app, tests and a README.

    The folder holds viktor.config.toml, app.py (app/ for a tree app), requirements.txt with the
    SDK pinned, a README and tests/test_app.py written with viktor.testing. NAME must not exist
    or be an empty folder; its last part is the app's name (letters, digits, '-' and '_').

    \b
    Examples:
      viktorlite new my_app                 # an editor app in ./my_app
      viktorlite new projects --type tree   # entity types in a tree, with initial entities
      viktorlite new ~/apps/beams --type simple
    """
    try:
        create_app(name, app_type)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="NAME") from None
    except NewAppError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created the {app_type} app {name}")
    click.echo(f"  viktorlite serve {name}    # open it in the editor")
    click.echo(f"  viktorlite test {name}     # run its tests")
