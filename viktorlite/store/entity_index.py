"""Sorted sets that order and filter an app's saved entities, so a page of the list costs one page.

Why: listing 10,000 entities read every record, revision and summary for every request. The index
keeps, per app, the ids of saved entities (score: the id, i.e. creation order), the same ids per
parent and per entity type, and lexicographic sets of ``casefolded name NUL zero-padded id`` (all, and
per parent). A page sorted by id or name, of all entities or of one parent's children, is one ZRANGE;
with other filters, the ordered ids (short members only, never the records) are filtered in process.
Only the page's records are read. Editor sessions (private, unsaved) are never indexed. An index
missing its ``built`` marker (data written before it existed) is rebuilt from the records once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from redis import Redis
from redis.client import Pipeline

SORTS = ("id", "created_at", "name")
"""Sort keys (``-key``: descending). ``created_at`` is creation order, which is the id order."""

_TOP = "top"
_PAD = 12


@dataclass(frozen=True)
class PageQuery:
    """What ``GET /api/entities?limit=...`` asks: a slice of the ordered, filtered saved entities."""

    limit: int = 50
    offset: int = 0
    sort: str = "id"
    parent_id: int | None = None
    #: True: filter on ``parent_id`` (None then means the top level).
    by_parent: bool = False
    entity_type: str | None = None
    #: A case-insensitive substring of the name.
    q: str | None = None


def _name_member(name: str, entity_id: int) -> str:
    return f"{name.casefold()}\x00{entity_id:0{_PAD}d}"


class EntityIndex:
    """Maintains and reads the index; writers add their commands to the pipeline they already send."""

    def __init__(self, connection: Redis, prefix: str) -> None:
        self._redis = connection
        self._base = f"{prefix}:entities:index"  # ":entities": counted as entities by redis_memory

    @property
    def _saved(self) -> str:
        return f"{self._base}:ids"

    @property
    def _names(self) -> str:
        return f"{self._base}:names"

    @property
    def _built(self) -> str:
        return f"{self._base}:built"

    def _parent(self, parent_id: int | None) -> str:
        return f"{self._base}:parent:{_TOP if parent_id is None else parent_id}"

    def _parent_names(self, parent_id: int | None) -> str:
        return f"{self._base}:parent-names:{_TOP if parent_id is None else parent_id}"

    def _type(self, entity_type: str) -> str:
        return f"{self._base}:type:{entity_type}"

    def add(self, pipe: Pipeline, entity_id: int, name: str, entity_type: str, parent_id: int | None) -> None:
        pipe.zadd(self._saved, {str(entity_id): entity_id})
        pipe.zadd(self._names, {_name_member(name, entity_id): 0})
        pipe.zadd(self._parent(parent_id), {str(entity_id): entity_id})
        pipe.zadd(self._parent_names(parent_id), {_name_member(name, entity_id): 0})
        pipe.zadd(self._type(entity_type), {str(entity_id): entity_id})

    def remove(self, pipe: Pipeline, entity_id: int, name: str, entity_type: str, parent_id: int | None) -> None:
        pipe.zrem(self._saved, str(entity_id))
        pipe.zrem(self._names, _name_member(name, entity_id))
        pipe.zrem(self._parent(parent_id), str(entity_id))
        pipe.zrem(self._parent_names(parent_id), _name_member(name, entity_id))
        pipe.zrem(self._type(entity_type), str(entity_id))

    def renamed(self, pipe: Pipeline, entity_id: int, parent_id: int | None, old: str, new: str) -> None:
        for key in (self._names, self._parent_names(parent_id)):
            pipe.zrem(key, _name_member(old, entity_id))
            pipe.zadd(key, {_name_member(new, entity_id): 0})

    def moved(self, pipe: Pipeline, entity_id: int, name: str, old: int | None, new: int | None) -> None:
        pipe.zrem(self._parent(old), str(entity_id))
        pipe.zadd(self._parent(new), {str(entity_id): entity_id})
        pipe.zrem(self._parent_names(old), _name_member(name, entity_id))
        pipe.zadd(self._parent_names(new), {_name_member(name, entity_id): 0})

    def rebuild(self, records: list[Any]) -> None:
        """Index ``records`` (EntityRecords; sessions left out) and mark the index built."""
        with self._redis.pipeline(transaction=False) as pipe:
            for record in records:
                if record.session_id is None:
                    self.add(pipe, record.id, record.name, record.entity_type, record.parent_id)
            pipe.set(self._built, 1)
            pipe.execute()

    def is_built(self) -> bool:
        return bool(self._redis.exists(self._built))

    def page(self, query: PageQuery) -> tuple[list[int], int]:
        """The ids of the page, in order, and how many entities match in all."""
        descending = query.sort.startswith("-")
        key = query.sort.lstrip("-")
        if key not in SORTS:
            raise ValueError(f"sort: one of {', '.join(SORTS)} (prefix - for descending)")
        start, stop = query.offset, query.offset + query.limit - 1
        if query.entity_type is None and not query.q:  # one sorted set holds the page: one ZRANGE
            if query.by_parent:
                source = self._parent_names(query.parent_id) if key == "name" else self._parent(query.parent_id)
            else:
                source = self._names if key == "name" else self._saved
            with self._redis.pipeline(transaction=False) as pipe:
                pipe.zrange(source, start, stop, desc=descending)
                pipe.zcard(source)
                members, total = pipe.execute()
            return [self._id(member, key) for member in members], int(total)
        with self._redis.pipeline(transaction=False) as pipe:
            if key == "name" or query.q:
                pipe.zrange(self._names, 0, -1, desc=descending)
            if query.by_parent:
                pipe.zrange(self._parent(query.parent_id), 0, -1, desc=descending)
            if query.entity_type is not None:
                pipe.zrange(self._type(query.entity_type), 0, -1, desc=descending)
            replies = pipe.execute()
        names: dict[int, str] | None = None
        ordered: list[int] | None = None
        if key == "name" or query.q:
            names = {}
            for member in replies.pop(0):
                text = member.decode() if isinstance(member, bytes) else member
                name, _, padded = text.rpartition("\x00")
                names[int(padded)] = name
            if key == "name":
                ordered = list(names)
        keep: set[int] | None = None
        for reply in replies:
            ids = [int(member) for member in reply]
            if ordered is None:
                ordered = ids
            else:
                keep = set(ids) if keep is None else keep & set(ids)
        if ordered is None:  # q alone, sorted by id
            ordered = sorted(names or {}, reverse=descending)
        matching = [i for i in ordered if keep is None or i in keep]
        if query.q and names is not None:
            needle = query.q.casefold()
            matching = [i for i in matching if needle in names.get(i, "")]
        return matching[start : stop + 1], len(matching)

    @staticmethod
    def _id(member: bytes | str, key: str) -> int:
        text = member.decode() if isinstance(member, bytes) else member
        return int(text.rpartition("\x00")[2]) if key == "name" else int(text)
