"""``python -m policydocs`` runs the command line."""

import sys

from policydocs.cli import main

if __name__ == "__main__":
    sys.exit(main())
