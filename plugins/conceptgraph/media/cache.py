"""The one cache of generated content: files named by a content key, written atomically.

A key is a sha256 of everything the content is made from, the source of the code that makes
it included (``source_digest``), so what a key names never changes: a file found is a file to
use, and an edit to the code makes new keys instead of stale hits.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any


@functools.cache
def source_digest(*modules: str) -> str:
    """sha256 over the source files of ``modules`` (dotted names), read without importing them."""
    digest = hashlib.sha256()
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(name)
        digest.update(name.encode() + b"\0" + Path(spec.origin).read_bytes())
    return digest.hexdigest()


@functools.cache
def library_version(distribution: str) -> str:
    """The installed version of ``distribution``, read without importing it."""
    return importlib.metadata.version(distribution)


class ContentCache:
    """Content by key in one folder (``<key><suffix>``); safe for concurrent writers."""

    def __init__(self, folder: str | os.PathLike[str], suffix: str = "") -> None:
        self.folder, self.suffix = Path(folder), suffix

    def __repr__(self) -> str:
        return f"ContentCache({str(self.folder)!r})"

    @staticmethod
    def key(*parts: object, code: Iterable[str] = ()) -> str:
        """sha256 of ``parts`` (JSON, anything else as its ``str``) and of the source of the
        modules named in ``code``, which make the content."""
        blob = json.dumps([list(parts), source_digest(*code)], sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()

    def path(self, key: str) -> Path:
        """Where the content of ``key`` is (or would be) stored."""
        return self.folder / f"{key}{self.suffix}"

    def get(self, key: str) -> bytes | None:
        """The stored content of ``key``, or ``None``."""
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None

    def put(self, key: str, data: bytes) -> None:
        """Store ``data`` atomically: written to a temporary file, then renamed over the key's."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, self.path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def text(self, key: str, make: Callable[[], str]) -> str:
        """The stored text of ``key``; made with ``make`` and stored when there is none."""
        data = self.get(key)
        if data is not None:
            return data.decode("utf-8")
        text = make()
        self.put(key, text.encode("utf-8"))
        return text

    def json(self, key: str, make: Callable[[], Any]) -> Any:
        """The stored JSON value of ``key``; made with ``make`` and stored (keys sorted, so the
        file is the same on every machine) when there is none."""
        return json.loads(self.text(key, lambda: json.dumps(make(), sort_keys=True)))
