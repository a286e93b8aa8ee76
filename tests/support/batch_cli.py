"""``derive`` run as a command (limits applied, signals handled) with its checker
workers replaced by :mod:`instant_worker`: ``python batch_cli.py MARKER derive-args...``.
MARKER is put on each worker's command line so a test can find leftover workers."""
import sys
from pathlib import Path

from derive.checker import worker
from derive.cli import main


def use_instant_workers(marker):
    instant = [sys.executable, str(Path(__file__).with_name("instant_worker.py")), marker]
    real_init = worker.Worker.__init__

    def init(self, timeout=worker.DEFAULT_TIMEOUT, prepare_timeout=worker.PREPARE_TIMEOUT, command=None):
        real_init(self, timeout, prepare_timeout, command or instant)

    worker.Worker.__init__ = init


if __name__ == "__main__":
    use_instant_workers(sys.argv.pop(1))
    sys.exit(main())
