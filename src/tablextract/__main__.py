"""``python -m tablextract`` runs the command line."""
from .cli import main

main()
