"""The exhibitor's rehearsal window (window.py), opened from the console by action.py."""

WINDOW_NAME = "rehearsal"  # the rehearsal window's objectName
