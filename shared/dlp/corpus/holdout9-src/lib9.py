"""Holdout9 value generators and disguises: holdout8-src/lib8.py's own (as the brief allowed; the templates are
new), drawn from holdout9's seed. Everything comes from one seeded random.Random (no os.urandom), so
`python3 build9.py ../holdout9.jsonl` writes the same file every time.

Written blind (issue 16, holdout9 phase 1): the author had not read the DLP rule source.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'holdout8-src'))
import lib8  # noqa: E402
from lib8 import *  # noqa: E402,F401,F403

lib8.R.seed(9_2026_1208)  # the same state as random.Random(9_2026_1208)
R = lib8.R
