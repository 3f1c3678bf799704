"""jap_tracker.named.NamedTuple makes the classes typing.NamedTuple makes, from the same class
statement: fields, defaults, docstring, methods, pickling and the same errors."""

from __future__ import annotations

import datetime as dt
import pickle
import typing

import pytest

from jap_tracker import model, progress
from jap_tracker.named import NamedTuple

BODY = '''
class Point(Base):
    """A point on a day."""

    x: int
    day: dt.date | None
    label: str = "origin"
    tags: tuple[str, ...] = ()

    def moved(self, by: int) -> "Point":
        return self._replace(x=self.x + by)

    @property
    def tagged(self) -> bool:
        return bool(self.tags)
'''


def _make(base: object) -> type:
    namespace: dict[str, object] = {"Base": base, "dt": dt, "__name__": "points"}
    exec("from __future__ import annotations\n" + BODY, namespace)
    return namespace["Point"]  # type: ignore[return-value]


def test_the_class_is_typings_class() -> None:
    ours, theirs = _make(NamedTuple), _make(typing.NamedTuple)
    for cls in (ours, theirs):
        p = cls(3, dt.date(2024, 5, 1))
        assert p == (3, dt.date(2024, 5, 1), "origin", ())
        assert p.moved(2) == cls(5, dt.date(2024, 5, 1))
        assert not p.tagged and cls(1, None, tags=("a",)).tagged
        assert repr(p) == "Point(x=3, day=datetime.date(2024, 5, 1), label='origin', tags=())"
        assert p._asdict()["label"] == "origin"
    for name in ("_fields", "_field_defaults", "__doc__", "__qualname__", "__module__"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert ours.__bases__ == theirs.__bases__ == (tuple,)
    assert ours.__doc__ == "A point on a day."
    assert list(ours.__annotations__) == ["x", "day", "label", "tags"]
    assert ours.__annotations__["day"] == "dt.date | None"  # the text, not checked


def test_jap_records_pickle_and_compare() -> None:
    update = model.Update("u1", "I-1", dt.date(2024, 1, 2), dt.datetime(2024, 1, 3), "me")
    assert pickle.loads(pickle.dumps(update)) == update
    assert type(pickle.loads(pickle.dumps(update))) is model.Update
    assert update.progress is None and update.indicators == ()
    assert isinstance(progress.EMPTY, progress.StateView) and isinstance(update, tuple)


@pytest.mark.parametrize("base", [NamedTuple, typing.NamedTuple], ids=["ours", "typing"])
def test_the_same_mistakes_are_refused(base: object) -> None:
    with pytest.raises(TypeError, match="Non-default namedtuple field y cannot follow"):
        exec("class P(Base):\n    x: int = 0\n    y: int\n", {"Base": base})
    with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _replace"):
        exec("class P(Base):\n    x: int\n    def _replace(self): pass\n", {"Base": base})
    with pytest.raises(TypeError):
        exec("class P(Base, dict):\n    x: int\n", {"Base": base})
