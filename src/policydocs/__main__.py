"""``python -m policydocs`` runs the command line."""

import sys

from policydocs.cli import main

sys.exit(main())
