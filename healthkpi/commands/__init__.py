"""What each CLI command does, once its arguments are parsed (imported lazily by cli.py)."""
