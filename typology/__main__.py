"""`python -m typology`: the command line."""

import sys

from typology.cli import main

sys.exit(main())
