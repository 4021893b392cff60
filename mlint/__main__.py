"""Allow `python -m mlint`."""

from mlint.cli import main

main()
