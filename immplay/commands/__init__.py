"""The policies-as-code subcommands of ``immplay``: ``test``, ``diff`` and ``suggest``.

Each module has ``register(subparsers)``, which adds its parser, and ``run(args) -> exit code``;
``immplay.cli`` registers them and shares its helpers (``BadInput``, policy loading).
"""
