"""Leads posted from several senders while another program locks the database: every lead acknowledged is stored."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing

from leadkit import lead_body, leads

SENDERS = 4


def test_no_acknowledged_lead_is_lost_while_the_database_refuses_for_a_while(live, shop):
    answers: dict[str, int] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def send(sender: int) -> None:
        n = 0
        while not stop.is_set():
            lead_id = f"S{sender}-{n}"
            n += 1
            status = shop.post("/leads", lead_body(id=lead_id)).status
            with lock:
                answers[lead_id] = status

    threads = [threading.Thread(target=send, args=(s,)) for s in range(SENDERS)]
    for thread in threads:
        thread.start()
    time.sleep(0.1)
    with closing(sqlite3.connect(live.db_path, isolation_level=None)) as blocker:
        blocker.execute("BEGIN EXCLUSIVE")  # refuses the writer for 0.4 s, in the middle of the burst
        time.sleep(0.4)
        blocker.execute("ROLLBACK")
    time.sleep(1.0)  # the writer tries again and takes leads again
    stop.set()
    for thread in threads:
        thread.join()

    assert set(answers.values()) == {201, 503}  # some refused while locked, the others taken
    stored = {row["lead_id"] for row in leads(live.db_path)}
    acknowledged = {lead_id for lead_id, status in answers.items() if status == 201}
    assert acknowledged == stored  # nothing answered 201 is missing, nothing refused was kept
    for lead_id in sorted(set(answers) - acknowledged):  # the senders retry what was refused
        assert shop.post("/leads", lead_body(id=lead_id)).status == 201
    assert len(leads(live.db_path)) == len(answers)
