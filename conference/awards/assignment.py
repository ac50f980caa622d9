"""Balanced judge assignment, as a maximum flow.

Every nomination needs exactly ``k`` judges; a judge may not review a nomination they conflict with;
and no judge should carry more than the others. We look for the smallest load ``L`` such that a flow
source -> nomination (capacity k) -> judge (capacity 1, only without conflict) -> sink (capacity L)
saturates every nomination. With ``L`` minimal, the busiest judge has as few nominations as the
conflicts allow. Assignments that already carry scores are kept and count against the same limits.
"""

from collections import deque
from collections.abc import Hashable, Iterable
from math import ceil


class InfeasibleAssignment(Exception):
    def __init__(self, nomination, available: int, needed: int):
        self.nomination = nomination
        self.available = available
        self.needed = needed
        super().__init__(f"{nomination}: {available} judges available, {needed} needed")


def balanced_assignment(
    nominations: Iterable[Hashable],
    judges: Iterable[Hashable],
    per_nomination: int,
    conflicts: set[tuple[Hashable, Hashable]] = frozenset(),
    fixed: set[tuple[Hashable, Hashable]] = frozenset(),
) -> dict[Hashable, list[Hashable]]:
    """Map each nomination to exactly ``per_nomination`` judges (``fixed`` pairs included).

    ``conflicts`` and ``fixed`` hold (nomination, judge) pairs. Raises InfeasibleAssignment naming
    a nomination that cannot get enough judges. Deterministic for the same input order.
    """
    nominations = list(dict.fromkeys(nominations))
    judges = list(dict.fromkeys(judges))
    if not nominations:
        return {}
    fixed_by_nom: dict = {n: [j for (fn, j) in fixed if fn == n and j in judges]
                          for n in nominations}
    fixed_load = {j: sum(1 for (n, fj) in fixed if fj == j and n in fixed_by_nom) for j in judges}
    for nomination in nominations:
        available = [
            j for j in judges
            if (nomination, j) not in conflicts or j in fixed_by_nom[nomination]
        ]
        if len(available) < per_nomination:
            raise InfeasibleAssignment(nomination, len(available), per_nomination)
    total = len(nominations) * per_nomination
    lower = max(ceil(total / max(len(judges), 1)), max(fixed_load.values(), default=0))
    for load in range(lower, len(nominations) + 1):
        result = _flow(nominations, judges, per_nomination, conflicts, fixed_by_nom, load)
        if result is not None:
            return result
    # Unreachable when every nomination has enough judges: load = len(nominations) frees all.
    raise InfeasibleAssignment(nominations[0], 0, per_nomination)


def _flow(nominations, judges, k, conflicts, fixed_by_nom, load):
    source, sink = ("s",), ("t",)
    capacity: dict = {}
    graph: dict = {}

    def edge(a, b, cap):
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, []).append(a)
        capacity[(a, b)] = capacity.get((a, b), 0) + cap
        capacity.setdefault((b, a), 0)

    fixed_load = dict.fromkeys(judges, 0)
    for nomination in nominations:
        for judge in fixed_by_nom[nomination]:
            fixed_load[judge] += 1
    for judge in judges:
        if fixed_load[judge] > load:
            return None
    for nomination in nominations:
        node = ("n", nomination)
        fixed_here = fixed_by_nom[nomination]
        edge(source, node, k - len(fixed_here))
        for judge in judges:
            if judge in fixed_here or (nomination, judge) in conflicts:
                continue
            edge(node, ("j", judge), 1)
    for judge in judges:
        edge(("j", judge), sink, load - fixed_load[judge])

    need = sum(k - len(fixed_by_nom[n]) for n in nominations)
    flow = 0
    while True:
        parents = {source: None}
        queue = deque([source])
        while queue and sink not in parents:
            node = queue.popleft()
            for nxt in graph.get(node, ()):
                if nxt not in parents and capacity[(node, nxt)] > 0:
                    parents[nxt] = node
                    queue.append(nxt)
        if sink not in parents:
            break
        node = sink
        while parents[node] is not None:
            prev = parents[node]
            capacity[(prev, node)] -= 1
            capacity[(node, prev)] += 1
            node = prev
        flow += 1
    if flow < need:
        return None
    result = {}
    for nomination in nominations:
        chosen = list(fixed_by_nom[nomination])
        for judge in judges:
            if judge in chosen or (nomination, judge) in conflicts:
                continue
            # A used nomination->judge edge has its reverse capacity at 1.
            if capacity.get((("j", judge), ("n", nomination)), 0) > 0:
                chosen.append(judge)
        result[nomination] = chosen
    return result
