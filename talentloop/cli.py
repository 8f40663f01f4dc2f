"""The `talentloop` command: every command the product offers, as Django management commands.

    talentloop run            migrate, load the demo organisation if the database is empty, serve (with the worker)
    talentloop worker         run background tasks from the database queue and enqueue the periodic ones
    talentloop demo           build a demo organisation (--employees N --seed S)
    talentloop migrate        apply database migrations
    talentloop createsuperuser, talentloop help, ...
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentloop.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["talentloop", *sys.argv[1:]])


if __name__ == "__main__":
    main()
