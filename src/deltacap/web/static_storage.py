"""Where pages find their assets (settings.STORAGES["staticfiles"]).

Once collected (``deltacap serve`` and ``deltacap demo`` run collectstatic), assets have
names that carry a hash of their content, and compressed copies: WhiteNoise serves them
as immutable, with a cache lifetime of ten years (a changed file gets a new name). Before any
collection (the tests, a checkout in development) there is no manifest, and pages name
the assets as they are in the package, which WhiteNoise serves from there (its finders).
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}  # the manifest does not change while a process runs

    def url(self, name: Any, force: bool = False) -> str:
        if not self.hashed_files:  # nothing collected yet
            return FileSystemStorage.url(self, name)
        if force:
            return super().url(name, force)
        found = self._urls.get(name)
        if found is None:
            found = self._urls[name] = super().url(name, force)
        return found
