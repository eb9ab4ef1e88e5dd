"""What the upload page's views share: its settings, its rate limits, the pool that runs imports, and the warm
worker processes that check and import uploads under the memory ceiling (started once, not per upload)."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

from independence.pipelines.isolated import WarmWorkers
from independence.pipelines.space_moments import isolated_space_moments
from independence.pipelines.space_words import isolated_space_words
from independence.pipelines.spaces import loaded_space
from independence.pipelines.uploads import isolated_space_import
from independence.web.guards import RateLimit
from independence.web.settings import WebSettings

log = logging.getLogger("independence.web")


@dataclass
class WebState:
    """The page's settings, its two rate limits (uploads, unknown links), the import pool, and the slots for
    checking uploads: at most `workers` checks run at once (each in a child under the memory ceiling), so
    twenty uploads at once queue instead of starting twenty children that share the machine and all finish
    late."""

    settings: WebSettings
    uploads: RateLimit
    misses: RateLimit
    executor: ThreadPoolExecutor
    checks: threading.BoundedSemaphore
    workers: WarmWorkers

    def run_import(self, folder: Path) -> None:
        """Import a queued space (as a Prefect flow run when an API is configured), or apply its words or moment."""
        space = loaded_space(folder)
        if space is None:
            return
        limits = (self.settings.upload_memory_mb, self.settings.upload_seconds)
        if space.pending_words is not None:
            isolated_space_words(space, self.settings.db_path, self.settings.weeks, *limits, self.workers)
        elif space.pending_moment is not None:
            isolated_space_moments(space, self.settings.db_path, self.settings.weeks, *limits, self.workers)
        elif self.settings.use_prefect:
            from independence_flows.upload import upload_report

            upload_report(
                str(folder),
                str(self.settings.db_path),
                self.settings.weeks,
                *limits,
                return_state=True,
            )
        else:
            isolated_space_import(space, self.settings.db_path, self.settings.weeks, *limits, self.workers)
        ended = loaded_space(folder)
        log.info("upload %s: %s", ended.user if ended else "deleted", ended.status if ended else "-")

    def queued_import(self, folder: Path) -> None:
        """Run a space's import in the background pool."""
        self.executor.submit(self.run_import, folder)


def new_state(settings: WebSettings) -> WebState:
    """Return the state of a freshly started page."""
    return WebState(
        settings,
        RateLimit(settings.uploads_per_hour, 3600),
        RateLimit(settings.misses_per_hour, 3600),
        ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="upload"),
        threading.BoundedSemaphore(settings.workers),
        WarmWorkers(settings.workers, settings.upload_memory_mb),
    )


def web_state(request: Request) -> WebState:
    """Return the page's state from a request."""
    return request.app.state.web
