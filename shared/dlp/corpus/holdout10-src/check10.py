"""Check holdout10: python3 check10.py ../holdout10.jsonl

Every label span is read back with UTF-16 offsets (as JavaScript counts), must not start or end with
whitespace, must not overlap another label, and values of types with a checksum must pass it (after folding
digits of every script and dropping separators and invisible characters). Prints the counts per type.
"""
import collections
import json
import sys
import unicodedata

sys.path.insert(0, __import__('os').path.dirname(__file__))
from lib10 import luhn_ok, aba_ok, PUBLIC_TEST_CARDS, SAMPLE_SSNS, ITIN_GROUPS  # noqa: E402

TYPES = {'CREDIT_CARD', 'US_SSN', 'US_ITIN', 'ABA_ROUTING', 'US_BANK_ACCOUNT', 'US_PASSPORT', 'US_DRIVER_LICENSE', 'DOB',
         'SECRET', 'PRIVATE_KEY', 'PASSWORD', 'CLASSIFICATION', 'ENCODED_BINARY', 'PHI'}


def span(text, s, e):
    b = text.encode('utf-16-le')
    return b[2 * s:2 * e].decode('utf-16-le')


def fold(v):
    return ''.join(str(unicodedata.digit(c)) for c in v if unicodedata.digit(c, None) is not None)


def check_value(t, v):
    d = fold(v)
    if t == 'CREDIT_CARD':
        return len(d) in (15, 16) and luhn_ok(d) and d not in PUBLIC_TEST_CARDS
    if t == 'ABA_ROUTING':
        return aba_ok(d)
    if t in ('US_SSN', 'US_ITIN'):
        if len(d) != 9:
            return False
        a, g, s = int(d[:3]), int(d[3:5]), int(d[5:])
        if t == 'US_ITIN':
            return d[0] == '9' and g in ITIN_GROUPS and s > 0
        dashed = f'{d[:3]}-{d[3:5]}-{d[5:]}'
        return 0 < a < 900 and a != 666 and g > 0 and s > 0 and dashed not in SAMPLE_SSNS
    if t == 'PRIVATE_KEY':
        return (v.startswith('-----BEGIN') and v.endswith('-----')) or (v.startswith('PuTTY-User-Key-File') and 'Private-MAC:' in v)
    return True


def main(path):
    errors, ids, counts, sens = [], set(), collections.Counter(), 0
    rows = [json.loads(line) for line in open(path, encoding='utf-8')]
    for r in rows:
        if set(r) != {'id', 'text', 'labels'} or r['id'] in ids:
            errors.append(f'{r.get("id")}: bad keys or duplicate id')
        ids.add(r['id'])
        n = len(r['text'].encode('utf-16-le')) // 2
        prev_end = -1
        for lab in sorted(r['labels'], key=lambda x: x['start']):
            t, s, e = lab['type'], lab['start'], lab['end']
            v = span(r['text'], s, e) if 0 <= s < e <= n else ''
            if t not in TYPES or not v:
                errors.append(f'{r["id"]}: bad label {lab}')
                continue
            if v != v.strip():
                errors.append(f'{r["id"]}: {t} span has outer whitespace: {v!r}')
            if s < prev_end:
                errors.append(f'{r["id"]}: overlapping labels')
            prev_end = e
            if not check_value(t, v):
                errors.append(f'{r["id"]}: {t} value fails its check: {v!r}')
            counts[t] += 1
        sens += bool(r['labels'])
    for t in sorted(TYPES):
        print(f'{t:18} {counts[t]:4d}')
    print(f'{len(rows)} messages, {sens} sensitive, {len(rows) - sens} with nothing sensitive, {sum(counts.values())} labels')
    for e in errors:
        print('ERROR', e)
    missing = [t for t in TYPES if counts[t] < 15]
    if missing:
        print('ERROR fewer than 15 labels:', missing)
    return 1 if errors or missing else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else '../holdout10.jsonl'))
