"""``python -m analysis <command>``: the package's commands outside the notebooks.

python -m analysis registry --case amsterdam_2006 [--registry DIR] [--out DIR]
python -m analysis peers fetch --from 2015 --to 2025 [--out DIR]
"""

from __future__ import annotations

import sys

from analysis.core.cli import run

COMMANDS = {
    "registry": "run the registry analysis of a case (intake, outflow and cost tables)",
    "peers": "fetch comparison figures of all municipalities from CBS StatLine (a snapshot)",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print("usage: python -m analysis <command> [options]\n\ncommands:", file=sys.stderr)
        for name, what in COMMANDS.items():
            print(f"  {name:<10} {what}", file=sys.stderr)
        return 2
    if argv[0] == "peers":
        from analysis.published import peers

        return peers.main(argv[1:])
    from analysis import batch

    return batch.main(argv[1:])


if __name__ == "__main__":
    sys.exit(run(main))
