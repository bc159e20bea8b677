"""Checks every label span of holdout9.jsonl by script: python3 check9.py ../holdout9.jsonl [--show TYPE]

Offsets are UTF-16 code units (as JavaScript counts them). Each span is read back, must be non-empty and
without surrounding whitespace, and after folding the disguises (NFKC, format characters removed, digits of
every script to 0-9, dashes to '-') number types must pass their checks (SSA/IRS ranges, Luhn, ABA 3-7-1)."""
import json, re, sys, unicodedata
sys.path.insert(0, __import__('os').path.dirname(__file__))
from lib9 import luhn_ok, aba_ok, ITIN_GROUPS, TEST_CARDS, SAMPLE_SSNS


def span(text, s, e):
    b = text.encode('utf-16-le')
    return b[2 * s:2 * e].decode('utf-16-le')


def fold(v):
    v = unicodedata.normalize('NFKC', v)
    v = ''.join(c for c in v if unicodedata.category(c) != 'Cf')
    v = ''.join(str(unicodedata.digit(c)) if c.isdigit() else c for c in v)
    return re.sub('[\u2010-\u2015\u2212]', '-', v)


WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']


def digits_of(v):
    """Digits of a value, reading dictated number words ('five three one dash ...') too."""
    v = re.sub(r'[a-z]+', lambda m: str(WORDS.index(m.group())) if m.group() in WORDS else m.group(), fold(v))
    return re.sub(r'\D', '', v)


def check(t, v):
    d = digits_of(v)
    if t == 'US_SSN':
        return len(d) == 9 and d[0] != '9' and d[:3] not in ('000', '666') and d[3:5] != '00' and d[5:] != '0000' \
            and fold(v) not in SAMPLE_SSNS
    if t == 'US_ITIN':
        return len(d) == 9 and d[0] == '9' and int(d[3:5]) in ITIN_GROUPS
    if t == 'CREDIT_CARD':
        return 13 <= len(d) <= 19 and luhn_ok(d) and d not in [c.replace(' ', '') for c in TEST_CARDS]
    if t == 'ABA_ROUTING':
        return aba_ok(d)
    if t == 'US_BANK_ACCOUNT':
        return 6 <= len(d) <= 17
    if t == 'DOB':
        return bool(re.search(r'(19|20)\d\d|/\d\d$', fold(v).replace(' ', '')))
    if t == 'PRIVATE_KEY':
        return 'PRIVATE' in v or 'PuTTY' in v
    return True


def main():
    show = sys.argv[sys.argv.index('--show') + 1] if '--show' in sys.argv else None
    bad = 0
    with open(sys.argv[1]) as f:
        for line in f:
            m = json.loads(line)
            for lab in m['labels']:
                v = span(m['text'], lab['start'], lab['end'])
                ok = v and v == v.strip() and 0 <= lab['start'] < lab['end'] and check(lab['type'], v)
                if not ok:
                    bad += 1
                    print('BAD', m['id'], lab['type'], repr(v))
                if show == lab['type']:
                    print(m['id'], repr(v[:90]))
    print('bad spans:', bad)
    sys.exit(1 if bad else 0)


main()
