"""Paths of a worker's private app copy are shown as the app folder the user edits (issue 19)."""

from __future__ import annotations

from pathlib import Path

from viktorlite.workers.user_paths import as_user_paths, user_traceback

COPY = Path("/data/.viktorlite/workers/w1/app")
USER = Path("/home/me/my_app")


def test_the_copy_folder_reads_as_the_users_folder_but_a_sibling_keeps_its_name():
    text = f'File "{COPY}/app.py", line 3\nsee {COPY}\nand {COPY}2/app.py'
    assert as_user_paths(text, COPY, USER) == f'File "{USER}/app.py", line 3\nsee {USER}\nand {COPY}2/app.py'
    assert as_user_paths(text, None, USER) == text and as_user_paths(text, COPY, COPY) == text


def test_a_traceback_of_code_compiled_in_the_copy_names_the_users_file():
    code = compile("1 / 0", f"{COPY}/app.py", "exec")
    try:
        exec(code)
    except ZeroDivisionError as exc:
        shown = user_traceback(exc, COPY, USER)
    assert f'File "{USER}/app.py", line 1' in shown and str(COPY) not in shown
