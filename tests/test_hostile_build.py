"""A build stopped, doubled or pointed somewhere it cannot write: no orphan, no lie, no wait.

These run real ``assen-eval build`` processes (real worker processes and kernels) and look at
them from outside with psutil.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from assen_eval.cli import main
from assen_eval.paths import stale_temp_dirs

HERE = Path(__file__).parent
VALID = HERE / "data" / "valid"
NOTEBOOKS = HERE / "data" / "notebooks"
CLI = [sys.executable, "-m", "assen_eval"]


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A private TMPDIR with a short path (IPC socket paths are limited to 107 characters)."""
    folder = Path(tempfile.mkdtemp(prefix="ae-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(VALID, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(done.stdout)


def _wait_for(condition: Callable[[], bool], seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def _kernels(process: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in process.children(recursive=True):
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            pass
    return found


def _running(processes: list[psutil.Process]) -> list[psutil.Process]:
    alive = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p)
        except psutil.NoSuchProcess:
            pass
    return alive


# -- stopping a build ends every child ----------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_stopped_build_leaves_no_process_and_no_temp_folder(
    work: Path, short_tmp: Path, signum: int
) -> None:
    stale = short_tmp / f"assen-eval-kernels-{_dead_pid()}-left"  # from an earlier killed build
    stale.mkdir()
    (stale / "k1.json").write_text("{}")
    env = {**os.environ, "TMPDIR": str(short_tmp), "JUPYTER_RUNTIME_DIR": str(short_tmp / "rt")}
    env.pop("SOURCE_DATE_EPOCH", None)
    build = subprocess.Popen(
        [*CLI, "build", "--data", "data", "--out", "out", "--jobs", "2", "--quiet"],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    process = psutil.Process(build.pid)
    children: list[psutil.Process] = []
    try:
        _wait_for(lambda: len(_kernels(process)) >= 2)
        children = process.children(recursive=True)
        assert len(children) >= 4  # two workers, two kernels (and multiprocessing's tracker)
        os.kill(build.pid, signum)
        _, err = build.communicate(timeout=60)  # no child keeps the pipe open
        deadline = time.monotonic() + 10
        while _running(children) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = [" ".join(p.cmdline()) for p in _running(children)]
        assert survivors == []
        leftovers = [p.name for p in short_tmp.iterdir() if p.name != "rt"]
        assert leftovers == []  # no socket folder, no connection file, the stale one removed
        assert not any((short_tmp / "rt").glob("kernel-*.json"))
        if signum == signal.SIGTERM:
            assert build.returncode == 143
            assert err.strip() == "assen-eval: stopped by SIGTERM; no half-written output was left."
    finally:
        for p in _running([process, *children]):
            p.kill()


def test_stale_temp_folders_are_those_of_dead_processes(tmp_path: Path) -> None:
    dead = tmp_path / f"assen-eval-kernels-{_dead_pid()}-abc"
    alive = tmp_path / f"assen-eval-kernels-{os.getppid()}-abc"
    other = tmp_path / "assen-eval-notours"
    for folder in (dead, alive, other):
        folder.mkdir()
    assert stale_temp_dirs(tmp_path) == [dead]


@pytest.mark.slow
def test_a_dead_kernel_is_reported_in_the_failure_line_not_on_stderr(work: Path) -> None:
    dying = work / "dying.ipynb"
    nb = json.loads((NOTEBOOKS / "partnership.ipynb").read_text())
    nb["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "die",
            "metadata": {},
            "outputs": [],
            "source": "import os\nif partnership == 'beta':\n    os._exit(1)",
        }
    )
    dying.write_text(json.dumps(nb))
    script = (
        "from assen_eval.build import build\n"
        "from assen_eval.errors import BuildError\n"
        "try:\n"
        f"    build('data', out='out', jobs=1, progress=False, notebooks={{'portfolio': "
        f"{str(NOTEBOOKS / 'portfolio.ipynb')!r}, 'partnership': 'dying.ipynb'}})\n"
        "except BuildError as exc:\n"
        "    for f in exc.failures: print(f['report'], f['error'], sep='|')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=work, capture_output=True, text=True, timeout=300
    )
    assert done.stderr == ""  # nothing of the kernel's death leaks
    [line] = done.stdout.splitlines()
    assert line.startswith("beta|DeadKernelError: Kernel died")


# -- two builds at once ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_build_into_the_same_folder_is_refused_while_the_first_runs(
    work: Path,
) -> None:
    first = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from assen_eval.build import build; "
            f"build('data', out='out', jobs=1, notebooks={str(NOTEBOOKS)!r}, progress=False)",
        ],
        cwd=work,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(lambda: len(psutil.Process(first.pid).children(recursive=True)) >= 1)
        start = time.monotonic()
        second = subprocess.run(
            [*CLI, "build", "--data", "data", "--out", "out", "--lang", "en", "--quiet"],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert time.monotonic() - start < 60
        assert second.returncode == 2
        assert second.stderr == "assen-eval: error: another build is writing here: out/2010\n"
        _, first_err = first.communicate(timeout=300)
        assert first.returncode == 0, first_err
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    out = work / "out" / "2010"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["lang"] == "nl"
    for entry in manifest["reports"].values():
        assert entry["current"]
        for rel, digest in entry["outputs"].items():
            assert _sha256(out / rel) == digest
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- refused before anything runs ---------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["tcp://", "tcp://host:99999", "http://host:8786", "tcp://ho st:1", "host:port"]
)
def test_a_malformed_scheduler_address_is_refused_at_once(
    work: Path, capsys: pytest.CaptureFixture, address: str
) -> None:
    start = time.monotonic()
    code = main(["build", "--data", "data", "--out", "out", "--scheduler", address])
    err = capsys.readouterr().err
    assert time.monotonic() - start < 5
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"assen-eval: error: --scheduler {address!r} is not a Dask scheduler")
    assert not (work / "out").exists()


def _read_only(folder: Path) -> Callable[[], None]:
    """Make ``folder`` unwritable, even for root (chattr +i); returns the undo."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: cannot make a folder read-only")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {done.stderr!r}")
    return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_output_folder_is_refused_before_any_report_runs(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    out = work / "out" / "2010"
    out.mkdir(parents=True)
    undo = _read_only(out)
    try:
        start = time.monotonic()
        code = main(["build", "--data", "data", "--out", "out", "--quiet"])
        err = capsys.readouterr().err
    finally:
        undo()
    assert time.monotonic() - start < 30  # no kernel was started
    assert code == 2
    assert err.startswith("assen-eval: error: cannot write to the output folder out/2010: ")
    assert err.count("\n") == 1
    assert list(out.iterdir()) == []


def test_a_file_in_the_way_of_a_report_folder_is_refused_before_any_report_runs(
    work: Path, capsys: pytest.CaptureFixture
) -> None:
    out = work / "out" / "2010"
    out.mkdir(parents=True)
    (out / "notebooks").write_text("not a folder")
    code = main(["build", "--data", "data", "--out", "out", "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("assen-eval: error: cannot write to the output folder out/2010/notebooks")
    assert sorted(p.name for p in out.iterdir()) == ["notebooks"]
