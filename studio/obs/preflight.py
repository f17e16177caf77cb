"""Check before the show that OBS has every scene and input the rundown names."""

from __future__ import annotations

import concurrent.futures
import difflib
from typing import Iterable

from studio.obs.link import ObsLink, ObsResponse


def preflight(link: ObsLink, scenes: Iterable[str], inputs: Iterable[str], timeout: float = 10.0) -> list[str]:
    """Plain sentences, one per problem; empty when OBS has everything. Blocks up to `timeout`."""
    checks = [
        ("Scene", set(scenes), link.list_scenes(), "scenes", "sceneName"),
        ("Source", set(inputs), link.list_inputs(), "inputs", "inputName"),
    ]
    problems: list[str] = []
    for kind, wanted, future, key, name_field in checks:
        try:
            response: ObsResponse = future.result(timeout)
        except concurrent.futures.TimeoutError:
            problems.append(f"Could not list the {kind.lower()}s in OBS: no answer within {timeout:g} s")
            continue
        if not response.ok:
            problems.append(f"Could not list the {kind.lower()}s in OBS: {response.comment}")
            continue
        available = [item[name_field] for item in response.data.get(key, [])]
        problems += [_missing(kind, name, available) for name in sorted(wanted) if name not in available]
    return problems


def _missing(kind: str, name: str, available: list[str]) -> str:
    by_folded = {a.casefold(): a for a in available}
    close = difflib.get_close_matches(name.casefold(), list(by_folded), n=1, cutoff=0.6)
    if close:
        return f'{kind} "{name}" is not in OBS — did you mean "{by_folded[close[0]]}"?'
    if available:
        return f'{kind} "{name}" is not in OBS (it has: {", ".join(sorted(available))})'
    return f'{kind} "{name}" is not in OBS (it has none)'
