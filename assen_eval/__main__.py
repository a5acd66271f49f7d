import sys

from assen_eval.cli import main

sys.exit(main())
