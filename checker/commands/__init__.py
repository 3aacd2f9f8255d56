"""The subcommands of ``claimcheck``, one module each.

Each module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int`` (the exit code); ``checker.cli`` lists them in
``COMMANDS`` and does nothing else. A command calls the library, renders with
``checker.reporters`` and writes to stdout; bad usage raises ``UsageError``.

Part of the faces: may import every layer.
"""
