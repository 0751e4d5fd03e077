"""What the stack's own parts cost alone: the least a build of the site can take here.

A build of the site runs Python-Markdown on every body and Pagefind on every indexed
page; both are other projects' code, and neither can be skipped. Their CPU time
alone, shared by every core of this machine, is a time no build that runs them can
beat, however its own work is arranged. The bench sets it beside the targets
measured against plain MkDocs, so a missed target says whether the build's own
work, or the parts it is made of, stand in the way.

Pagefind runs here as its command line does, on the same documents a build hands
it (:func:`build_tools.publishing.search_index.document_html`; the few hand-written
help pages aside), with every core. A build talks to Pagefind's service instead,
which reads one document at a time, so the build's Pagefind costs more than this.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pagefind_bin import get_executable

from build_tools.format.model import Archive
from build_tools.format.pages import Page, SiteSettings
from build_tools.loading.mentions import MentionFinder
from build_tools.publishing.search_index import SearchDocument, SearchDocuments
from build_tools.publishing.site_content import render_context, site_content_from
from build_tools.rendering.body import render_bodies


@dataclass(frozen=True, slots=True)
class PartsAlone:
    markdown_cpu_seconds: float  # every body through Python-Markdown and nh3, one process
    documents: int  # the pages Pagefind indexes
    pagefind_seconds: float
    pagefind_cpu_seconds: float
    pagefind_peak_memory: int  # bytes


def measure_parts(
    archive: Archive, finder: MentionFinder, settings: SiteSettings, folder: Path
) -> PartsAlone:
    """The bodies rendered on one process (timed), then the site's search documents
    made as a build makes them and indexed by Pagefind's command line (timed)."""
    shutil.rmtree(folder, ignore_errors=True)
    markdown: list[float] = []

    def timed_render(bodies: Mapping[str, str]) -> dict[str, str]:
        start = time.process_time()
        rendered = render_bodies(bodies, processes=1)
        markdown.append(time.process_time() - start)
        return rendered

    context = render_context(archive, settings, finder, render=timed_render)
    documents = SearchDocuments(folder / "documents", settings.language)
    count = 0

    def keep(page: Page) -> None:
        nonlocal count
        if page.search:
            documents.write([SearchDocument(page.url, page.html)], complete=False)
            count += 1

    site_content_from(context, spool=folder / "spool", each_page=keep)
    del context
    shutil.rmtree(folder / "spool")
    seconds, cpu, peak = run_pagefind(documents.folder, folder / "bundle")
    shutil.rmtree(folder / "bundle")
    return PartsAlone(markdown[0], count, seconds, cpu, peak)


def run_pagefind(documents: Path, output: Path) -> tuple[float, float, int]:
    """Pagefind's command line over ``documents``: (wall seconds, CPU seconds, peak bytes)."""
    command = [str(get_executable()), "--site", str(documents), "--output-path", str(output)]
    log_file = output.with_name("pagefind.log")
    with log_file.open("wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        said = log_file.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"pagefind failed on {documents} (exit {process.returncode}): {said}")
    kilobytes = 1 if sys.platform == "darwin" else 1024
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * kilobytes
