import sys

from nrcore.app.cli import main

sys.exit(main())
