"""Helpers for the tests: no tests here, and no test module imports another test module.

`tests/` is on pytest's `pythonpath`, so these import as `support.<module>`; bench/ adds the
same folder to its path for `support.weight`.
"""
