import json, sys
sys.path.insert(0, __import__('os').path.dirname(__file__))
import pos1, pos2, pos3, pos4, neg
from lib import finish, R
builders = [(b, True) for m in (pos1, pos2, pos3, pos4) for b in m.P] + [(b, False) for b in neg.N]
R.shuffle(builders)
out = []
for i, (b, pos) in enumerate(builders):
    m = finish(i + 1, b())
    assert bool(m['labels']) == pos, m
    out.append(m)
with open(sys.argv[1], 'w') as f:
    for m in out: f.write(json.dumps(m, ensure_ascii=False) + '\n')
print(len(out), sum(1 for m in out if m['labels']), sum(1 for m in out if not m['labels']), sum(len(m['labels']) for m in out))
