"""Runs the official WASI test runner (`test-runner/wasi_test_runner.py` of
the suite, given as the first argument) with the remaining arguments.

The runner is written for Python 3.12, whose `value in SomeEnum` accepts
plain values; on 3.11 that raises `TypeError`. Only for Python < 3.12 this
launcher gives enums the 3.12 behaviour before loading the runner, so the
suite runs on the Python a Debian 12 machine has.
"""

import enum
import runpy
import sys

if sys.version_info < (3, 12):
    _contains = enum.EnumType.__contains__

    def _contains_value(cls, value):
        if isinstance(value, cls):
            return True
        try:
            cls(value)
            return True
        except (ValueError, TypeError):
            return False

    enum.EnumType.__contains__ = _contains_value

runner = sys.argv[1]
sys.argv = sys.argv[1:]
sys.path.insert(0, str(__import__("pathlib").Path(runner).parent))
runpy.run_path(runner, run_name="__main__")
