"""``python -m claimdesk``."""

from claimdesk.cli import run

if __name__ == "__main__":
    run()
