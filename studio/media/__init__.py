"""Media playback with libvlc (python-vlc): clips named by segments and cues, countdown beeps.

Nothing here imports `vlc` at import time: `runtime.open_vlc()` does, and says in one
sentence why media playback is off when it cannot (no python-vlc, no libvlc, no plugins).
See docs/media.md.
"""
