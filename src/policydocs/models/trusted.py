"""Models built from values that are already valid, without pydantic's per-field work.

The extractors build thousands of mentions per document from values that come from checked
data files or from models validated a moment before; ``model_construct`` costs about as much
as validating. ``tests/test_shortcuts.py`` and the extractors' tests compare what this builds
with ``model_validate`` of the same values, so a pydantic that stores models differently
fails there, not silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_new_object = object.__new__
# The four slots a model instance holds, set through their descriptors (pydantic keeps them on
# BaseModel): the same model a third sooner than setting each name through object.__setattr__.
_SET_DICT = BaseModel.__dict__["__dict__"].__set__
_SET_FIELDS_SET = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_SET_EXTRA = BaseModel.__dict__["__pydantic_extra__"].__set__
_SET_PRIVATE = BaseModel.__dict__["__pydantic_private__"].__set__


def trusted(model: type[M], values: dict[str, Any], fields_set: Iterable[str] | None = None) -> M:
    """What ``model.model_construct(**values)`` gives, for a model without private attributes or extras.

    ``values`` holds every field of ``model``, in its field order. ``fields_set`` is what
    ``model_fields_set`` reports (default: every key of ``values``).
    """
    instance = _new_object(model)
    _SET_DICT(instance, values)
    _SET_FIELDS_SET(instance, set(values if fields_set is None else fields_set))
    _SET_EXTRA(instance, None)
    _SET_PRIVATE(instance, None)
    return instance
