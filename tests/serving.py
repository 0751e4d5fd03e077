"""A real ``mkdocs serve`` in a subprocess, on a copy of an archive, for preview tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType

from benchmarks.preview import interruptible
from tests.site_builds import write_config

MKDOCS = Path(sys.executable).parent / "mkdocs"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Preview:
    """``mkdocs serve --dirty`` (as ``make serve``) of a copy of ``archive`` in ``folder``;
    its output in ``log``.

    The archive is at ``self.briefings``: edit it there and the server rebuilds.
    """

    def __init__(self, archive: Path, folder: Path, *, timeout: float = 120) -> None:
        self.folder = folder
        self.briefings = folder / "briefings"
        shutil.copytree(archive, self.briefings)
        config = write_config(folder, self.briefings)
        self.port = free_port()
        self.root = f"http://127.0.0.1:{self.port}/fixture/"
        self.log = folder / "serve.log"
        self._output = self.log.open("wb")
        self.process = subprocess.Popen(
            [str(MKDOCS), "serve", "--dirty", "-f", str(config), "-a", f"127.0.0.1:{self.port}"],
            cwd=folder,
            stdout=self._output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            preexec_fn=interruptible,  # noqa: PLW1509 - it only resets one signal
        )
        self._wait_until_serving(timeout)

    def _wait_until_serving(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mkdocs serve exited:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.root, timeout=5):
                    return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"mkdocs serve did not answer:\n{self.output()}")

    def url(self, path: str = "") -> str:
        return self.root + path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def close(self) -> None:
        # As Ctrl-C stops it: MkDocs then removes its temporary site, which SIGTERM leaves.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._output.close()

    def __enter__(self) -> Preview:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
