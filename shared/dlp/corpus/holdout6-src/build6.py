"""Builds holdout6.jsonl: python3 build6.py ../holdout6.jsonl

One label was corrected in holdout6.jsonl after the first run (not here, so the rest stays as generated):
h6-219, "data:text/plain;charset=utf-8,Hello%20world", was written as a negative, but the project's rule
(shared/dlp/README.md, shared/transfer) is that a data: URI of any type is a file sent as text, so it is
labeled ENCODED_BINARY.
"""
import json, sys, os
sys.path.insert(0, os.path.dirname(__file__))
import pos6a, pos6b, neg6
from lib6 import finish, R
builders = [(b, True) for m in (pos6a, pos6b) for b in m.P] + [(b, False) for b in neg6.N]
R.shuffle(builders)
out = []
for i, (b, pos) in enumerate(builders):
    m = finish(i + 1, b())
    m['id'] = f'h6-{i + 1:03d}'
    assert bool(m['labels']) == pos, m
    out.append(m)
with open(sys.argv[1], 'w') as f:
    for m in out: f.write(json.dumps(m, ensure_ascii=False) + '\n')
types = {}
for m in out:
    for l in m['labels']: types[l['type']] = types.get(l['type'], 0) + 1
print(len(out), 'messages,', sum(1 for m in out if m['labels']), 'sensitive,', sum(1 for m in out if not m['labels']), 'negatives,', sum(types.values()), 'labels', types)
