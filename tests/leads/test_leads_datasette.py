"""The leads as the organiser reads them in a real Datasette: local times, counts, and no personal data in the views."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from leadkit import BOB, lead_body

from studio.storage.views import metadata_path
from tests.serverkit import _wait_for_port, free_port

PERSONAL = {"first_name", "last_name", "email", "phone", "notes"}


def _get(port: int, path: str):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return json.loads(response.read())


@pytest.mark.skipif(shutil.which("datasette", path=str(Path(sys.executable).parent)) is None,
                    reason="datasette is the [datasette] extra")
def test_leads_views_count_per_exhibitor_and_segment_without_personal_data(live, shop):
    assert shop.post("/leads", lead_body()).status == 201
    assert shop.post("/leads", lead_body(id="L-20", kind="quote", consent=False)).status == 201
    assert shop.post("/leads", lead_body(BOB)).status == 201
    live.close()
    port = free_port()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "datasette"), "serve", str(live.db_path), "--port", str(port),
                             "--host", "127.0.0.1", "--metadata", str(metadata_path())],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for_port(port, proc, "datasette")
        local = _get(port, "/studio/leads_local.json?_shape=array")
        counts = _get(port, "/studio/leads_count.json?_shape=array")
        meta = _get(port, "/-/metadata.json")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert [(row["lead_id"], row["company"], row["consent"]) for row in local] == [
        ("L-1", "Garage Durand", 1), ("L-20", "Garage Durand", 0), ("L-2", None, 1)]
    assert local[0]["received_at"][:4] == "2026" and "T" not in local[0]["received_at"]  # local time, as people read it
    assert not PERSONAL & set(local[0]) and not PERSONAL & set(counts[0])
    assert "alice" not in json.dumps(local).lower() and "bob@" not in json.dumps(local)
    assert sorted((row["exhibitor_id"], row["segment_id"], row["kind"], row["leads"], row["with_consent"]) for row in counts) == [
        ("acme", "opening", "quote", 1, 0), ("acme", "opening", "test_drive", 1, 1), ("bolt", "opening", "quote", 1, 1)]
    assert "leads_count" in meta["databases"]["studio"]["tables"]
