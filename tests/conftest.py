"""Test helpers beside the tests (timing, korean_render) are importable from every test."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
