"""``python -m conceptgraph``: the same as the ``conceptgraph`` command."""

import sys

from conceptgraph.cli.main import main

sys.exit(main())
