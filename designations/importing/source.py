"""Getting the list file (a local path or an https:// address), hashing it, archiving it."""

import contextlib
import gzip
import hashlib
import http.client
import logging
import os
import re
import secrets
import shutil
import ssl
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from designations.importing.errors import ImportRefused

_CHUNK = 1024 * 1024
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LocalFile:
    path: Path
    origin: str  # the path or address as given
    sha256: str
    size: int


@contextlib.contextmanager
def obtain(source: str) -> Iterator[LocalFile]:
    """The list as a local file with its hash; a download is removed again afterwards."""
    if "://" in source:
        path, digest, size = _download(source)
        try:
            yield LocalFile(path=path, origin=source, sha256=digest, size=size)
        finally:
            path.unlink(missing_ok=True)
        return
    path = Path(source)
    if not path.is_file():
        raise ImportRefused(f"No such file: {source}")
    if path.suffix == ".gz":
        path, digest, size = _gunzip(path)
        try:
            yield LocalFile(path=path, origin=source, sha256=digest, size=size)
        finally:
            path.unlink(missing_ok=True)
        return
    try:
        digest, size = _hash(path)
    except OSError as error:
        raise ImportRefused(f"Cannot read {source}: {error.strerror or error}.") from None
    yield LocalFile(path=path, origin=source, sha256=digest, size=size)


def _hash(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _gunzip(path: Path) -> tuple[Path, str, int]:
    """A gzipped list (as the demo ships it) unpacked to a temporary file, hashed as unpacked.

    The hash and size are the list's own, so the file imports and archives exactly as the
    uncompressed list would; the size limit applies to the unpacked bytes.
    """
    limit = settings.ATLAS_IMPORT_MAX_BYTES
    handle, name = tempfile.mkstemp(prefix="atlas-import-", suffix=".unpacked")
    target = Path(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(handle, "wb") as out, gzip.open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ImportRefused(
                        f"Refused {path}: unpacked, it is larger than the {limit:,}-byte limit "
                        "(ATLAS_IMPORT_MAX_BYTES)."
                    )
                digest.update(chunk)
                out.write(chunk)
    except ImportRefused:
        target.unlink(missing_ok=True)
        raise
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        target.unlink(missing_ok=True)
        raise ImportRefused(f"Cannot unpack {path}: {_reason(error)}.") from None
    return target, digest.hexdigest(), size


def _download(url: str) -> tuple[Path, str, int]:
    """Stream an https:// download to a temporary file, hashing it and refusing oversized files."""
    if urlsplit(url).scheme.lower() != "https":
        raise ImportRefused(f"Only https:// addresses can be imported, not “{url}”.")
    limit = settings.ATLAS_IMPORT_MAX_BYTES
    request = urllib.request.Request(url, headers={"User-Agent": "Sanctions Atlas list importer"})
    handle, name = tempfile.mkstemp(prefix="atlas-import-", suffix=".download")
    path = Path(name)
    digest = hashlib.sha256()
    size = 0
    try:
        with (
            os.fdopen(handle, "wb") as out,
            urllib.request.urlopen(
                request, timeout=settings.ATLAS_IMPORT_TIMEOUT_SECONDS
            ) as response,
        ):
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise ImportRefused(
                    f"Refused {url}: it is {int(declared):,} bytes, more than the "
                    f"{limit:,}-byte limit (ATLAS_IMPORT_MAX_BYTES)."
                )
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ImportRefused(
                        f"Refused {url}: it is larger than the {limit:,}-byte limit "
                        "(ATLAS_IMPORT_MAX_BYTES)."
                    )
                digest.update(chunk)
                out.write(chunk)
    except ImportRefused:
        path.unlink(missing_ok=True)
        raise
    except urllib.error.HTTPError as error:
        path.unlink(missing_ok=True)
        raise ImportRefused(
            f"Could not download {url}: the server answered {error.code} {error.reason}."
        ) from None
    except urllib.error.URLError as error:
        path.unlink(missing_ok=True)
        raise ImportRefused(f"Could not download {url}: {_reason(error.reason)}.") from None
    except (OSError, ssl.SSLError, http.client.HTTPException, ValueError) as error:
        path.unlink(missing_ok=True)
        raise ImportRefused(f"Could not download {url}: {_reason(error)}.") from None
    return path, digest.hexdigest(), size


def _reason(error) -> str:
    if isinstance(error, TimeoutError):
        return f"no answer within {settings.ATLAS_IMPORT_TIMEOUT_SECONDS} seconds"
    text = getattr(error, "strerror", None) or str(error) or error.__class__.__name__
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Archived:
    """The list's place in the archive: ``relative`` is what the import record stores.

    ``incoming`` is the temporary file this run wrote (None if the archive already held the
    file); it becomes ``final`` only once the import's transaction has committed.
    """

    relative: str
    final: Path
    incoming: Path | None


# "2023-03-27_0123456789abcdef.xml.1a2b3c4d.partial" → "2023-03-27_0123456789abcdef.xml"; an older
# importer wrote "….xml.partial".
_INCOMING = re.compile(r"^(?P<final>.+?)(?:\.[0-9a-f]{8})?\.partial$")


def archive(local: LocalFile, *, source: str, list_date, suffix: str) -> Archived:
    """Copy the raw file into the archive directory under a temporary name.

    The file is named by its date and hash once ``settle`` moves it into place, after the import
    has committed: a run killed before then leaves only a temporary file, which the next run's
    ``sweep`` removes, never an archived list that no import record names.
    """
    root = Path(settings.ATLAS_IMPORT_ARCHIVE_DIR)
    relative = Path(source) / f"{list_date:%Y-%m-%d}_{local.sha256[:16]}{suffix}"
    target = root / relative
    if target.is_file() and target.stat().st_size == local.size:
        return Archived(relative=str(relative), final=target, incoming=None)
    incoming = target.with_name(f"{target.name}.{secrets.token_hex(4)}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(local.path, incoming)
    except OSError as error:
        incoming.unlink(missing_ok=True)
        raise ImportRefused(
            f"Could not archive the file in {root} (ATLAS_IMPORT_ARCHIVE_DIR): "
            f"{error.strerror or error}."
        ) from None
    return Archived(relative=str(relative), final=target, incoming=incoming)


def settle(archived: Archived) -> None:
    """Move the archived file into its place (on commit). If that fails, the next sweep does it."""
    if archived.incoming is None:
        return
    try:
        os.replace(archived.incoming, archived.final)
    except FileNotFoundError:
        pass  # a concurrent run's sweep settled it first
    except OSError:
        logger.exception("Could not move %s into place; the next import will", archived.incoming)


def discard(archived: Archived | None) -> None:
    if archived is not None and archived.incoming is not None:
        archived.incoming.unlink(missing_ok=True)


def sweep(referenced: Callable[[list[str]], set[str]]) -> int:
    """Deal with the temporary files of runs that never finished: a file whose import committed
    (killed between commit and move) is moved into place, any other is removed.

    ``referenced(paths)`` answers which of these archive paths an import record names. Call it
    holding the import lock, so that no other run is between archiving and commit. Returns how
    many files were removed.
    """
    root = Path(settings.ATLAS_IMPORT_ARCHIVE_DIR)
    if not root.is_dir():
        return 0
    leftovers = {}
    for path in root.rglob("*.partial"):
        match = _INCOMING.match(path.name)
        if match and path.is_file():
            leftovers[path] = path.with_name(match.group("final"))
    if not leftovers:
        return 0
    named = referenced(sorted({str(final.relative_to(root)) for final in leftovers.values()}))
    removed = 0
    for path, final in leftovers.items():
        try:
            if str(final.relative_to(root)) in named and not final.exists():
                os.replace(path, final)
            else:
                path.unlink(missing_ok=True)
                removed += 1
        except OSError:
            # A leftover that cannot be moved or removed must not stop the import.
            logger.warning("Could not sweep %s from the import archive", path, exc_info=True)
    return removed
