"""The chaos tests post orders as the order tests' shops do: their kit (tests/orders/shopkit.py) is shared."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "orders"))
