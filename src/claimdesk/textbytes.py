"""Whether bytes are text: the one rule for report files and source texts alike.

UTF-8 is the only text claimdesk reads from a file (a byte order mark is dropped). UTF-16 is
named as such; bytes with a NUL in them are binary data (an image, an archive, random bytes),
which no text file holds; anything else that does not decode is "not UTF-8 text".
"""

from __future__ import annotations

UTF8_BOM = b"\xef\xbb\xbf"


class NotText(ValueError):
    """Bytes that are not UTF-8 text; the message is the one-line reason."""


def utf8_text(data: bytes, what: str = "text", *, lenient: bool = False) -> str:
    """``data`` decoded as UTF-8, or ``NotText`` with the reason (``what`` names the kind of file).

    ``lenient`` replaces bytes that are not UTF-8 instead of refusing them (a web page whose
    encoding is declared wrongly still has words to read); binary data is refused either way.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotText("UTF-16 text, not UTF-8 text")
    if b"\x00" in data:
        raise NotText(f"binary data, not {what}")
    data = data.removeprefix(UTF8_BOM)
    if lenient:
        return data.decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            raise NotText("truncated: the file ends inside a UTF-8 character") from None
        raise NotText("not UTF-8 text") from None
