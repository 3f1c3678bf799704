"""Where each key of a TOML document stands: key path -> (line, column).

tomllib reports positions only for syntax errors, so this scanner reads the text of a document
that parsed and notes the line and column of every key, table header and array element. Paths
look like ``("item", 2, "indicator", 0, "target")``: array-of-tables indices are counted the
way tomllib counts them. It never raises; what it cannot follow it leaves out, and a lookup
falls back to the nearest enclosing path that it did note.
"""

from __future__ import annotations

import tomllib

Path = tuple[str | int, ...]
SourceMap = dict[Path, tuple[int, int]]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _unescape(raw: str) -> str:
    """A basic string's text with its escapes (``\\u001b``) decoded, as tomllib reads it."""
    if "\\" not in raw:
        return raw
    try:
        value = tomllib.loads(f'k = "{raw}"')["k"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return raw
    return value if isinstance(value, str) else raw


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0
        self.found: SourceMap = {}

    def col(self) -> int:
        return self.pos - self.line_start + 1

    def note(self, path: Path, line: int, col: int) -> None:
        self.found.setdefault(path, (line, col))

    def newline(self) -> None:
        self.pos += 1
        self.line += 1
        self.line_start = self.pos

    def skip_space(self, newlines: bool) -> None:
        text, n = self.text, len(self.text)
        while self.pos < n:
            ch = text[self.pos]
            if ch in " \t\r":
                self.pos += 1
            elif ch == "\n" and newlines:
                self.newline()
            elif ch == "#":
                end = text.find("\n", self.pos)
                self.pos = n if end < 0 else end
            else:
                return

    def skip_string(self) -> str:
        """Skip a string starting at pos; returns its raw text (without quotes)."""
        text = self.text
        quote = text[self.pos]
        triple = text.startswith(quote * 3, self.pos)
        delim = quote * 3 if triple else quote
        self.pos += len(delim)
        start = self.pos
        while self.pos < len(text):
            ch = text[self.pos]
            if ch == "\\" and quote == '"':
                self.pos += 2
                continue
            if ch == "\n":
                if not triple:
                    break
                self.newline()
                continue
            if text.startswith(delim, self.pos):
                raw = text[start : self.pos]
                self.pos += len(delim)
                if triple:  # up to two more quotes may belong to the string
                    while self.pos < len(text) and text[self.pos] == quote:
                        self.pos += 1
                return raw
            self.pos += 1
        return text[start : self.pos]

    def read_key(self) -> list[str] | None:
        parts: list[str] = []
        text = self.text
        while self.pos < len(text):
            self.skip_space(newlines=False)
            if self.pos >= len(text):
                return None
            ch = text[self.pos]
            if ch in "\"'":
                raw = self.skip_string()
                parts.append(_unescape(raw) if ch == '"' else raw)
            else:
                start = self.pos
                while self.pos < len(text) and text[self.pos] in _BARE:
                    self.pos += 1
                if start == self.pos:
                    return None
                parts.append(text[start : self.pos])
            self.skip_space(newlines=False)
            if self.pos < len(text) and text[self.pos] == ".":
                self.pos += 1
                continue
            return parts
        return None

    def skip_value(self, path: Path) -> None:
        """Skip one value, noting keys of inline tables and array elements inside it."""
        text = self.text
        self.skip_space(newlines=False)
        if self.pos >= len(text):
            return
        ch = text[self.pos]
        if ch in "\"'":
            self.skip_string()
        elif ch == "[":
            self.pos += 1
            index = 0
            while self.pos < len(text):
                self.skip_space(newlines=True)
                if self.pos >= len(text) or text[self.pos] == "]":
                    self.pos += 1
                    return
                if text[self.pos] == ",":
                    self.pos += 1
                    index += 1
                    continue
                before = self.pos
                self.note(path + (index,), self.line, self.col())
                self.skip_value(path + (index,))
                if self.pos == before:
                    self.pos += 1
        elif ch == "{":
            self.pos += 1
            while self.pos < len(text):
                self.skip_space(newlines=True)
                if self.pos >= len(text) or text[self.pos] == "}":
                    self.pos += 1
                    return
                if text[self.pos] == ",":
                    self.pos += 1
                    continue
                line, col = self.line, self.col()
                key = self.read_key()
                if key is None or self.pos >= len(text) or text[self.pos] != "=":
                    self.pos += 1
                    continue
                sub = path + tuple(key)
                self.note(sub, line, col)
                self.pos += 1
                self.skip_value(sub)
        else:
            while self.pos < len(text) and text[self.pos] not in ",]}\n#":
                self.pos += 1

    def scan(self) -> SourceMap:
        text = self.text
        table: Path = ()
        aot: dict[Path, int] = {}
        while self.pos < len(text):
            self.skip_space(newlines=True)
            if self.pos >= len(text):
                break
            line, col = self.line, self.col()
            if text[self.pos] == "[":
                double = text.startswith("[[", self.pos)
                self.pos += 2 if double else 1
                key = self.read_key()
                if key is None:
                    self._skip_line()
                    continue
                path: Path = ()
                for part in key[:-1]:
                    path += (part,)
                    if path in aot:
                        path += (aot[path],)
                path += (key[-1],)
                if double:
                    self.note(path, line, col)  # the array: where its first table begins
                    aot[path] = aot.get(path, -1) + 1
                    path += (aot[path],)
                table = path
                self.note(table, line, col)
                self._skip_line()
                continue
            key = self.read_key()
            if key is None or self.pos >= len(text) or text[self.pos] != "=":
                self._skip_line()
                continue
            path = table + tuple(key)
            self.note(path, line, col)
            self.pos += 1
            self.skip_value(path)
            self._skip_line()
        return self.found

    def _skip_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end


def build_source_map(text: str) -> SourceMap:
    try:
        return _Scanner(text).scan()
    except Exception:  # a best effort: never let locating an error become an error
        return {}


def locate(source_map: SourceMap, path: Path) -> tuple[int, int]:
    """The line and column of ``path``, else of its nearest enclosing path; (0, 0) if none."""
    for end in range(len(path), 0, -1):
        found = source_map.get(path[:end])
        if found:
            return found
    return (0, 0)


def locate_within(source_map: SourceMap, path: Path) -> tuple[int, int]:
    """The first position noted at or under ``path``, else as ``locate`` finds it."""
    size = len(path)
    under = [pos for key, pos in source_map.items() if key[:size] == path]
    return min(under) if under else locate(source_map, path)
