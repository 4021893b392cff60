"""Reading a path into text: encodings, byte-order marks, binary data and unreadable files."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class SourceError(Exception):
    """A file that cannot be read as text; `skip` marks one that is skipped with a notice (binary data)."""

    def __init__(self, message: str, skip: bool = False) -> None:
        super().__init__(message)
        self.skip = skip


@dataclass(frozen=True)
class Source:
    """A file's text (without its byte-order mark) and how it was stored, so a fix can write it back alike."""

    text: str
    encoding: str
    bom: bytes


def decode(data: bytes) -> Source:
    """Decode a file's bytes: a BOM names the encoding; NUL bytes mean UTF-16 or UTF-32 without one if they fall
    where those put them, else binary; otherwise UTF-8, strictly."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return Source(data[len(bom):].decode(encoding), encoding, bom)
            except UnicodeDecodeError as exc:
                raise SourceError(f"not valid {encoding.upper()} after its byte-order mark ({exc.reason} at byte "
                                  f"{exc.start + len(bom)})") from None
    if b"\0" in data[:8192]:
        wide = _wide_encoding(data)
        if wide is None:
            raise SourceError("binary file skipped", skip=True)
        try:
            return Source(data.decode(wide), wide, b"")
        except UnicodeDecodeError:
            raise SourceError("binary file skipped", skip=True) from None
    try:
        return Source(data.decode("utf-8"), "utf-8", b"")
    except UnicodeDecodeError as exc:
        raise not_utf8(data, exc.start) from None


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 saved without a byte-order mark, told by where its NUL bytes fall (text that is mostly
    Latin script has a NUL in every high byte); None for anything else."""
    for width, encodings in ((4, ("utf-32-le", "utf-32-be")), (2, ("utf-16-le", "utf-16-be"))):
        units = min(len(data), 8192) // width
        if len(data) % width or units < 4:
            continue
        sample = data[:units * width]
        zeros = [sample[i::width].count(0) for i in range(width)]  # NUL bytes at each place of a code unit
        for encoding, low in zip(encodings, (0, width - 1)):
            if sum(zeros) - zeros[low] >= 0.9 * units * (width - 1) and zeros[low] <= 0.1 * units:
                return encoding
    return None


def not_utf8(data: bytes, at: int, offset: int | None = None) -> SourceError:
    """The error for `data` that is not UTF-8 at `at` (`offset`: where that is in the file, if not `at`)."""
    where = at if offset is None else offset
    return SourceError(f"not valid UTF-8 (byte 0x{data[at]:02x} at offset {where}); save the file as UTF-8")


DEFAULT_MAX_MB = 256  # the largest file mlint reads, in MB (MLINT_MAX_FILE_MB or --max-file-size change it)


def max_file_bytes() -> int:
    """The size cap in bytes: MLINT_MAX_FILE_MB (a positive number) or the default."""
    import os

    try:
        megabytes = float(os.environ.get("MLINT_MAX_FILE_MB", DEFAULT_MAX_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return int((megabytes if megabytes > 0 else DEFAULT_MAX_MB) * 1_000_000)


def too_large(size: int, cap: int | None = None) -> SourceError | None:
    """The error for a file over the size cap (`cap`, or the configured one), or None."""
    cap = max_file_bytes() if cap is None else cap
    if size <= cap:
        return None
    return SourceError(f"larger than the {cap / 1_000_000:g} MB limit ({size / 1_000_000:.1f} MB); raise it with "
                       "--max-file-size or MLINT_MAX_FILE_MB to check it")


def read_bytes(path: str) -> bytes:
    """The bytes of a regular file (a symlink to one is fine), up to the size cap.  A device, FIFO or socket is
    never read: /dev/zero would never end and a FIFO would wait forever.  Raises IsADirectoryError,
    FileNotFoundError, OSError, or a SourceError (with `skip` for a special file)."""
    import os
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            raise SourceError("not a regular file (a device, FIFO or socket): skipped", skip=True)
        cap = max_file_bytes()
        if (error := too_large(info.st_size, cap)) is not None:
            raise error
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(cap + 1)  # a file that grows while read still stops at the cap
        if (error := too_large(len(data), cap)) is not None:
            raise error
        return data
    finally:
        os.close(fd)


def read_source(path: str) -> Source:
    """Read and decode a file; a SourceError says why it cannot be checked."""
    try:
        data = read_bytes(path)
    except IsADirectoryError:
        raise SourceError("is a folder, not a file") from None
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    return decode(data)
