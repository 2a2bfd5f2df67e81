"""Hostile jobs: each tries to outlive, outgrow or out-write its limits, or to lie about how it ended.

Every job that starts processes writes their pids to ``pids.txt`` in its worker's app folder
(``params.tag`` names the file), so a test can check in /proc that none outlived the job.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import viktor as vkt

HERE = Path(__file__).parent


class Parametrization(vkt.Parametrization):
    tag = vkt.TextField("Tag", default="job")
    megabytes = vkt.NumberField("Megabytes", default=10)
    count = vkt.NumberField("Count", default=10)
    seconds = vkt.NumberField("Seconds", default=30)


def _result(label, value):
    return vkt.DataResult(vkt.DataGroup(vkt.DataItem(label, value)))


def _note(params, *pids):
    with (HERE / f"pids-{params.tag}.txt").open("a") as file:
        file.write("".join(f"{pid}\n" for pid in pids))


def _start_processes(params):
    """A plain child, a child in a new session, and a daemon that double-forks away from the job."""
    plain = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)"])
    session = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)"], start_new_session=True)
    daemon = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, sys, time\n"
            "if os.fork(): os._exit(0)\n"
            "os.setsid()\n"
            "print(os.getpid(), flush=True)\n"
            "time.sleep(1000)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    grandchild = int(daemon.stdout.readline())
    daemon.wait()
    _note(params, plain.pid, session.pid, grandchild)


class Isolation(vkt.Controller):
    label = "Isolation"
    parametrization = Parametrization

    @vkt.DataView("Quick")
    def quick(self, params, **kwargs):
        return _result("pid", os.getpid())

    @vkt.DataView("C loop", duration_guess=10)
    def c_loop(self, params, **kwargs):
        """Never returns to the interpreter: no Python-level alarm can interrupt it."""
        return _result("sum", sum(range(10**12)))

    @vkt.DataView("Swallow", duration_guess=10)
    def swallow(self, params, **kwargs):
        """Catches everything (as careless app code does) and carries on past its limit."""
        end = time.monotonic() + params.seconds
        while time.monotonic() < end:
            try:
                time.sleep(0.05)
            except Exception:  # noqa: BLE001 - the point of this job
                slept_through = True  # careless code goes on as if nothing happened
                del slept_through
        return _result("slept", params.seconds)

    @vkt.DataView("Fork hogs", duration_guess=10)
    def fork_hogs(self, params, **kwargs):
        """Forks children that each stay under the limit, together far over it, and waits for them."""
        children = []
        for _ in range(int(params.count)):
            pid = os.fork()
            if pid == 0:
                hoard = bytearray(int(params.megabytes) * 1024 * 1024)
                hoard[::4096] = b"x" * len(hoard[::4096])  # touch every page
                time.sleep(1000)
                os._exit(0)
            children.append(pid)
        _note(params, *children)
        for pid in children:
            os.waitpid(pid, 0)
        return _result("children", len(children))

    @vkt.DataView("Spawn", duration_guess=10)
    def spawn(self, params, **kwargs):
        """Starts processes (one in a new session, one daemonised) and returns at once."""
        _start_processes(params)
        return _result("started", 3)

    @vkt.DataView("Spawn then hang", duration_guess=10)
    def spawn_then_hang(self, params, **kwargs):
        _start_processes(params)
        time.sleep(1000)
        return _result("started", 3)

    @vkt.DataView("Write disk", duration_guess=10)
    def write_disk(self, params, **kwargs):
        """Writes ``megabytes`` MB to the private disk, a MB at a time, pausing ``seconds`` between MBs."""
        with (HERE / f"big-{params.tag}.bin").open("wb") as file:
            for _ in range(int(params.megabytes)):
                file.write(os.urandom(1024 * 1024))
                file.flush()
                os.fsync(file.fileno())
                time.sleep(params.seconds)
        return _result("written", params.megabytes)

    @vkt.DataView("Exit 3")
    def exit_3(self, params, **kwargs):
        os._exit(3)

    @vkt.DataView("Segfault")
    def segfault(self, params, **kwargs):
        os.kill(os.getpid(), signal.SIGSEGV)

    @vkt.DataView("Many files", duration_guess=30)
    def many_files(self, params, **kwargs):
        """Leaves ``count`` small files on the private disk (made by xargs/touch: fast)."""
        folder = HERE / f"many-{params.tag}"
        folder.mkdir(exist_ok=True)
        names = "\n".join(f"f{i}" for i in range(int(params.count)))
        subprocess.run(["xargs", "touch"], input=names, text=True, cwd=folder, check=True)
        return _result("files", int(params.count))

    @vkt.DataView("Sleepy", duration_guess=10)
    def sleepy(self, params, **kwargs):
        (HERE / f"started-{params.tag}").write_text(str(os.getpid()))
        time.sleep(params.seconds)
        return _result("slept", params.seconds)

    @vkt.DataView("Side effect")
    def side_effect(self, params, **kwargs):
        """Leaves a mark if it ran: a stop answered `stopped` must mean this never ran, or was ended.

        The mark is its last act before it returns (the result is made first): a stop that ends the
        job between the two is one that came before the method returned, and only that narrow moment.
        """
        time.sleep(0.3)
        result = _result("ran", 1)
        (HERE / f"ran-{params.tag}").write_text("ran")
        return result
