import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

import oracle  # noqa: E402,F401  (forces zoneinfo onto the tzdata package for every test)
