"""Does the XML declaration's encoding tell the truth about the bytes?

An XML parser believes the declaration: UTF-8 bytes declared ``encoding="ISO-8859-1"`` parse
without error, every non-ASCII name turned into mojibake ("MÃ¼ller" for "Müller"), and the import
would amend every such designation. So, before any entry is read, the whole file is decoded with
the encoding it declares (a byte that encoding cannot hold is refused), and a file declaring a
legacy (non-Unicode) encoding is also tried as UTF-8: if it decodes as UTF-8 and has non-ASCII
bytes, it is UTF-8 mislabelled, and refused. (Latin-1 or Windows-1252 text that happens to be
valid UTF-8 needs pairs such as "Ã©" throughout, which no real name holds.)

Streamed in chunks with incremental decoders, so memory stays flat however long the list is.
"""

import codecs
import re
from pathlib import Path

from designations.importing.errors import ImportRefused

_CHUNK = 1024 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARATION = re.compile(
    r"""^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])(?P<name>[A-Za-z][A-Za-z0-9._:-]*)\1"""
)
_UNICODE = {"utf-8", "utf-16", "utf-32"}


def check(path: Path) -> None:
    """Refuse the file unless its bytes are in the encoding its declaration or byte-order mark
    names. Run before the parser, which would otherwise believe the declaration."""
    with path.open("rb") as stream:
        head = stream.read(1024)
    bom = next((name for mark, name in _BOMS if head.startswith(mark)), None)
    declared_name = _declared(head, bom)
    if bom is None and declared_name is None:
        return  # XML's default, UTF-8, which the parser itself enforces byte by byte
    declared = _codec(declared_name) if declared_name else None
    if bom and declared and _family(declared) != _family(bom):
        raise ImportRefused(
            f"The file declares encoding “{declared_name}” but starts with a {bom.upper()} "
            "byte-order mark: it is not in the encoding it declares. Download the list again "
            "(the UN publishes it in UTF-8)."
        )
    encoding = bom or declared or "utf-8"
    as_declared = _decodes(path, encoding, skip=len(_bom_bytes(bom)))
    if as_declared is not None:
        raise ImportRefused(
            f"The file declares encoding “{declared_name or bom.upper()}”, but the byte at offset "
            f"{as_declared:,} is not valid in it: the declaration does not match the bytes. "
            "Download the list again (the UN publishes it in UTF-8)."
        )
    if _family(encoding) not in _UNICODE and _is_utf8_with_non_ascii(path):
        raise ImportRefused(
            f"The file declares encoding “{declared_name}”, but its bytes are UTF-8 with "
            "non-ASCII characters: read as declared, every such name would be garbled. "
            'Download the list again, or correct the declaration to encoding="UTF-8".'
        )


def _declared(head: bytes, bom: str | None) -> str | None:
    if bom and bom != "utf-8":
        text = head[len(_bom_bytes(bom)) :].decode(bom, errors="ignore")
    else:
        # The declaration is ASCII in every ASCII-compatible encoding; Latin-1 maps bytes 1:1.
        text = head.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    match = _DECLARATION.match(text)
    return match.group("name") if match else None


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ImportRefused(
            f"The file declares encoding “{name}”, which is not a known text encoding. The UN "
            "publishes the list in UTF-8."
        ) from None


def _family(codec: str) -> str:
    """utf-16-le → utf-16, utf-8-sig → utf-8, iso8859-1 → iso8859-1."""
    return "-".join(codec.split("-")[:2])


def _bom_bytes(bom: str | None) -> bytes:
    return next((mark for mark, name in _BOMS if name == bom), b"")


def _decodes(path: Path, encoding: str, *, skip: int = 0) -> int | None:
    """None if the whole file decodes strictly; else the offset of the first bad byte."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = skip
    with path.open("rb") as stream:
        stream.seek(skip)
        while True:
            chunk = stream.read(_CHUNK)
            # Bytes the decoder holds back from the last chunk (half a character) come first.
            held = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                return offset - held + max(error.start, 0)
            if not chunk:
                return None
            offset += len(chunk)


def _is_utf8_with_non_ascii(path: Path) -> bool:
    with path.open("rb") as stream:
        non_ascii = False
        while chunk := stream.read(_CHUNK):
            if not chunk.isascii():
                non_ascii = True
                break
    return non_ascii and _decodes(path, "utf-8") is None
