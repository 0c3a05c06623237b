"""``python -m ldnrefs`` runs the command line."""

from ldnrefs.cli import run

run()
