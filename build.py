"""The nightly job's entry point: `python build.py [OPTIONS]` is `directory build [OPTIONS]`."""

import sys

from directory.cli import main

if __name__ == "__main__":
    main(["build", *sys.argv[1:]], prog_name="directory")
