"""The ``klimapakete`` command line.

Sub-commands live next to the code they drive; each module listed in
``COMMANDS`` exposes ``register(subparsers)`` that adds its parser and sets
``func`` (returning the exit code). The solvers' commands import no Django.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from klimapakete import __version__

# module paths providing ``register(subparsers)``
COMMANDS: list[str] = [
    "klimapakete.rotation.cli",
    "klimapakete.sortition.cli",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="klimapakete",
        description="Klimapakete command line tools.",
    )
    parser.add_argument("--version", action="version", version=f"klimapakete {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_path in COMMANDS:
        importlib.import_module(module_path).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
