"""Exhibitor rehearsal: an exhibitor's segments as one timed run, every attempt logged.

`plan` picks the segments and their time marks from a rundown, `run` times an attempt on
the injected clock, `log` keeps the attempts in SQLite, `pace` turns an attempt into a
sentence, `command` is `studio rehearse`.
"""
