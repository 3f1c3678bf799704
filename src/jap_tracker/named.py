"""``NamedTuple``: the class syntax of ``typing.NamedTuple``, for every named tuple of jap.

Type checkers see ``typing.NamedTuple`` itself. At run time the class is made the way typing
makes it (``collections.namedtuple`` with the fields, defaults and module of the class body,
then the body's docstring, methods and attributes), except that the annotations are kept as
the text they are (``from __future__ import annotations``), not checked one by one: typing
turns each into a ``ForwardRef``, which compiles it. jap makes about fifty named tuple classes
on every command, and that check was a third of its own import time (about 14 ms of 45 on this
machine). Nothing reads the annotations of these classes at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    from collections import namedtuple

    # as in typing: kept by namedtuple, or never to be replaced by a class body
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
    _PROHIBITED = frozenset(
        {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults"}
        | {"_make", "_replace", "_asdict", "_source"}
    )

    class _Maker(type):
        def __new__(cls, typename: str, bases: tuple[type, ...], ns: dict[str, object]) -> type:
            if bases != (_Base,):
                raise TypeError("a NamedTuple class can only have NamedTuple as its base")
            fields: dict[str, object] = ns.get("__annotations__", {})  # type: ignore[assignment]
            defaults = []
            for name in fields:
                if name in ns:
                    defaults.append(ns[name])
                elif defaults:
                    raise TypeError(
                        f"Non-default namedtuple field {name} cannot follow default field"
                    )
            made = namedtuple(typename, fields, defaults=defaults, module=ns["__module__"])
            made.__annotations__ = dict(fields)
            for key, value in ns.items():
                if key in _PROHIBITED:
                    raise AttributeError(f"Cannot overwrite NamedTuple attribute {key}")
                if key not in _SPECIAL and key not in made._fields:
                    setattr(made, key, value)
            return made

    _Base = type.__new__(_Maker, "NamedTuple", (), {})

    class _Syntax:
        """What a class statement finds in place of its base ``NamedTuple``."""

        def __mro_entries__(self, bases: tuple[object, ...]) -> tuple[type]:
            return (_Base,)

    NamedTuple = _Syntax()
