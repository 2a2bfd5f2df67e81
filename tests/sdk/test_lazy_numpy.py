"""``import viktor`` and ``from viktor.geometry import ...`` load no numpy; using geometry does.

Each case runs in a fresh interpreter: the test process itself has numpy loaded long since.
"""

from __future__ import annotations

import subprocess
import sys

PRELUDE = "import sys\nfrom viktorlite.app.viktor_alias import install\ninstall()\n"


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", PRELUDE + code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_the_sdk_and_geometry_names_loads_no_numpy():
    code = (
        "import viktor\n"
        "from viktor.geometry import *\n"
        "from viktor import Point, SquareBeam\n"
        "print('numpy' in sys.modules)"
    )
    assert run(code) == "False"


def test_geometry_imports_numpy_when_first_used_and_works_as_before():
    code = (
        "import viktor as vkt\n"
        "beam = vkt.SquareBeam(1, 2, 3).translate((4, 0, 0))\n"
        "print('numpy' in sys.modules, float(beam.transformation[0][3]), type(beam.transformation).__module__)\n"
        "print(vkt.Vector(3, 4, 0).magnitude)"
    )
    assert run(code).splitlines() == ["True 4.0 numpy", "5.0"]
