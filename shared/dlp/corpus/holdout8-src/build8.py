"""Builds holdout8.jsonl: python3 build8.py ../holdout8.jsonl

Written blind (issue 16, holdout8 phase 1) and committed before its first run. Every template in pos8a/b/c.py
is drawn once and neg8.py's twice (values differ per draw); a seeded share of the positive templates is
drawn a second time, so the set is ~60% sensitive. check8.py checks every label span's text.

One label was added after the first run, in the template (pos8c.py), which draws no random value, so the
rest of the file is byte-for-byte as first committed: h8-637's "CUI Category: PRVCY" is the category
line of NARA's CUI designation indicator, a marking (the project's convention: generalise.test.ts has
"CUI Category: LEI" as CLASSIFICATION); it was written with only the "CONTROLLED" banner labeled.
"""
import json, os, sys
sys.path.insert(0, os.path.dirname(__file__))
import pos8a, pos8b, pos8c, neg8
from lib8 import finish, R

POS = pos8a.P_A + pos8b.P_B + pos8c.P_C
builders = [(b, True) for b in POS] + [(b, True) for b in R.sample(POS, len(POS) // 10)]
builders += [(b, False) for b in neg8.N] + [(b, False) for b in neg8.N]
R.shuffle(builders)
out = []
seen = set()
for b, pos in builders:
    text, labels = finish(b())
    assert bool(labels) == pos, (text, labels)
    if text in seen:  # a template without random values drawn twice
        continue
    seen.add(text)
    out.append({'id': f'h8-{len(out) + 1:03d}', 'text': text, 'labels': labels})
with open(sys.argv[1], 'w') as f:
    for m in out:
        f.write(json.dumps(m, ensure_ascii=False) + '\n')
types = {}
for m in out:
    for lab in m['labels']:
        types[lab['type']] = types.get(lab['type'], 0) + 1
pos_n = sum(1 for m in out if m['labels'])
print(len(out), 'messages,', pos_n, f'sensitive ({pos_n / len(out):.0%}),', len(out) - pos_n, 'negatives,',
      sum(types.values()), 'labels', dict(sorted(types.items())))
