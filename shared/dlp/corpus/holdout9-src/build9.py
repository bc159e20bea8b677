"""Builds holdout9.jsonl: python3 build9.py ../holdout9.jsonl

Written blind (issue 16, holdout9 phase 1) and committed before its first run. Every positive template in
pos9a-e.py is drawn once and a seeded half of them a second time; every negative template in neg9*.py twice
(values differ per draw; a template without random values is kept once). check9.py checks every span."""
import json, os, sys
sys.path.insert(0, os.path.dirname(__file__))
import pos9a, pos9b, pos9c, pos9d, pos9e, neg9, neg9b
from lib9 import finish, R

POS = pos9a.P_A + pos9b.P_B + pos9c.P_C + pos9d.P_D + pos9e.P_E
builders = [(b, True) for b in POS] + [(b, True) for b in R.sample(POS, len(POS) // 2)]
builders += [(b, False) for b in neg9.N + neg9b.N_B] * 2
R.shuffle(builders)
out = []
seen = set()
for b, pos in builders:
    text, labels = finish(b())
    assert bool(labels) == pos, (text, labels)
    if text in seen:
        continue
    seen.add(text)
    out.append({'id': f'h9-{len(out) + 1:03d}', 'text': text, 'labels': labels})
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
