"""Holdout10 helpers: a seeded RNG, value generators with their checksums, disguises, message assembly.

Written blind: the writer had not read the DLP rules. Values are random and pass the published checks
(SSA area/group/serial ranges, IRS ITIN ranges, Luhn, ABA 3-7-1); none is a real person's or credential.
"""
import base64
import random
import string

R = random.Random(10_2026_1208)


def u16(s):
    """Length in UTF-16 code units, as JavaScript counts it."""
    return len(s.encode('utf-16-le')) // 2


def M(*parts):
    """Assemble a message from strings and (TYPE, value) tuples; offsets are computed, not counted."""
    text, labels, pos = '', [], 0
    for p in parts:
        if isinstance(p, tuple):
            t, v = p
            labels.append({'type': t, 'start': pos, 'end': pos + u16(v)})
            text += v
            pos += u16(v)
        else:
            p = str(p)
            text += p
            pos += u16(p)
    return {'text': text, 'labels': labels}


# ---------- checksums ----------
def luhn_ok(d):
    s, alt = 0, False
    for ch in reversed(d):
        n = int(ch)
        if alt:
            n *= 2
            if n > 9:
                n -= 9
        s += n
        alt = not alt
    return s % 10 == 0


def luhn_complete(prefix, length):
    body = prefix + ''.join(R.choice(string.digits) for _ in range(length - len(prefix) - 1))
    for c in string.digits:
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


def aba_ok(d):
    w = [3, 7, 1] * 3
    return len(d) == 9 and sum(int(a) * b for a, b in zip(d, w)) % 10 == 0


def digits(n):
    return ''.join(R.choice(string.digits) for _ in range(n))


PUBLIC_TEST_CARDS = ['4111111111111111', '4242424242424242', '5555555555554444', '378282246310005',
                     '6011111111111117', '5105105105105100', '4012888888881881']
SAMPLE_SSNS = ['078-05-1120', '219-09-9999', '123-45-6789', '000-00-0000']


# ---------- generators ----------
def card(kind=None):
    kind = kind or R.choice(['visa', 'visa', 'mc', 'mc2', 'amex', 'disc'])
    if kind == 'visa':
        d = luhn_complete('4', 16)
    elif kind == 'mc':
        d = luhn_complete(str(R.randint(51, 55)), 16)
    elif kind == 'mc2':
        d = luhn_complete(str(R.randint(2221, 2720)), 16)
    elif kind == 'amex':
        d = luhn_complete(R.choice(['34', '37']), 15)
    else:
        d = luhn_complete('6011', 16)
    assert d not in PUBLIC_TEST_CARDS
    return d


def fmt_card(d, sep=' '):
    if len(d) == 15:
        return f'{d[:4]}{sep}{d[4:10]}{sep}{d[10:]}'
    return sep.join(d[i:i + 4] for i in range(0, 16, 4))


def ssn_parts():
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        g, s = R.randint(1, 99), R.randint(1, 9999)
        v = f'{a:03d}-{g:02d}-{s:04d}'
        if v not in SAMPLE_SSNS and not (a == 987 and g == 65):
            return f'{a:03d}', f'{g:02d}', f'{s:04d}'


def ssn(sep='-'):
    return sep.join(ssn_parts())


ITIN_GROUPS = list(range(50, 66)) + list(range(70, 89)) + [90, 91, 92] + list(range(94, 100))


def itin(sep='-'):
    return sep.join([f'9{R.randint(0, 99):02d}', f'{R.choice(ITIN_GROUPS):02d}', f'{R.randint(1, 9999):04d}'])


ABA_PREFIXES = list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73))


def aba():
    while True:
        body = f'{R.choice(ABA_PREFIXES):02d}' + digits(6)
        for c in string.digits:
            if aba_ok(body + c):
                return body + c


def account(n=None):
    n = n or R.choice([8, 9, 10, 10, 11, 12, 13])
    return str(R.randint(1, 9)) + digits(n - 1)


def passport():
    return R.choice([lambda: str(R.randint(1, 9)) + digits(8),
                     lambda: R.choice('ACEFGHJKLMN') + digits(8)])()


def dl(state):
    L = lambda: R.choice(string.ascii_uppercase)
    return {
        'CA': lambda: L() + digits(7),
        'NY': lambda: f'{digits(3)} {digits(3)} {digits(3)}',
        'FL': lambda: f'{L()}{digits(3)}-{digits(3)}-{digits(2)}-{digits(3)}-{digits(1)}',
        'IL': lambda: f'{L()}{digits(3)}-{digits(4)}-{digits(4)}',
        'WA_OLD': lambda: ''.join(R.choice(string.ascii_uppercase) for _ in range(R.randint(3, 5))).ljust(5, '*')
                          + L() + L() + digits(3) + L() + L(),
        'WA': lambda: 'WDL' + ''.join(R.choice(string.ascii_uppercase + string.digits) for _ in range(9)),
        'TX': lambda: digits(8),
        'PA': lambda: f'{digits(2)} {digits(3)} {digits(3)}',
        'MI': lambda: f'{L()} {digits(3)} {digits(3)} {digits(3)} {digits(3)}',
        'NJ': lambda: f'{L()}{digits(4)} {digits(5)} {digits(5)}',
        'WI': lambda: f'{L()}{digits(3)}-{digits(4)}-{digits(4)}-{digits(2)}',
        'MN': lambda: L() + digits(12),
        'OH': lambda: L() + L() + digits(6),
        'MD': lambda: f'{L()}-{digits(3)}-{digits(3)}-{digits(3)}-{digits(3)}',
        'MA': lambda: 'S' + digits(8),
        'CO': lambda: f'{digits(2)}-{digits(3)}-{digits(4)}',
        'AZ': lambda: R.choice('ABDFD') + digits(8),
        'NH': lambda: digits(2) + L() + L() + L() + digits(5),
        'KS': lambda: 'K' + digits(8),
        'HI': lambda: 'H' + digits(8),
        'VA': lambda: R.choice('ABCT') + digits(8),
        'OR': lambda: digits(7),
        'GA': lambda: digits(9),
    }[state]()


MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
          'November', 'December']


def birth_date(style=None, years=(1941, 2019)):
    y, m, d = R.randint(*years), R.randint(1, 12), R.randint(1, 28)
    style = style if style is not None else R.randint(0, 6)
    return [f'{m:02d}/{d:02d}/{y}', f'{m}/{d}/{y}', f'{y}-{m:02d}-{d:02d}', f'{MONTHS[m-1]} {d}, {y}',
            f'{d} {MONTHS[m-1][:3]} {y}', f'{m:02d}-{d:02d}-{y}', f'{m}/{d}/{str(y)[2:]}'][style]


def rand_s(n, alpha=string.ascii_letters + string.digits):
    return ''.join(R.choice(alpha) for _ in range(n))


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def b64(b):
    return base64.b64encode(b).decode()


SIGS = {
    'png': b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR',
    'pdf': b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n',
    'gzip': b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03',
    'zip': b'PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00',
    'jpeg': b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00',
    'exe': b'MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00',
    'elf': b'\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00',
}


def blob(kind, n=120):
    return SIGS[kind] + rbytes(n)


def xxd(b):
    out = []
    for o in range(0, len(b), 16):
        ch = b[o:o + 16]
        hx = ' '.join(ch[i:i + 2].hex() for i in range(0, len(ch), 2))
        asc = ''.join(chr(c) if 32 <= c < 127 else '.' for c in ch)
        out.append(f'{o:08x}: {hx:<39}  {asc}')
    return '\n'.join(out)


def hexdump_c(b):
    out = []
    for o in range(0, len(b), 16):
        ch = b[o:o + 16]
        h1 = ' '.join(f'{c:02x}' for c in ch[:8])
        h2 = ' '.join(f'{c:02x}' for c in ch[8:])
        asc = ''.join(chr(c) if 32 <= c < 127 else '.' for c in ch)
        out.append(f'{o:08x}  {h1:<23}  {h2:<23}  |{asc}|')
    out.append(f'{len(b):08x}')
    return '\n'.join(out)


def escaped(b):
    return ''.join(f'\\x{c:02x}' for c in b)


# ---------- disguises (a minority of messages) ----------
def fw(v): return ''.join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in v)
def arabic(v): return ''.join(chr(0x660 + int(c)) if c.isdigit() else c for c in v)
def deva(v): return ''.join(chr(0x966 + int(c)) if c.isdigit() else c for c in v)
def zwsp(v): return '\u200b'.join(v[i:i + 3] for i in range(0, len(v), 3))
def bidi(v): return v.replace('-', '\u200e-\u200f') if '-' in v else '\u200e'.join(v[i:i + 3] for i in range(0, len(v), 3))
def endash(v): return v.replace('-', '\u2013')
def nbsp(v): return v.replace(' ', '\u00a0').replace('-', '\u00a0')
def spaced(v): return ' '.join(v.replace('-', '').replace(' ', ''))


DISGUISES = [fw, arabic, deva, zwsp, bidi, endash, nbsp]


def disguise(v):
    return R.choice(DISGUISES)(v)


FIRST = ['Rhonda', 'Deshawn', 'Maribel', 'Tuan', 'Ingrid', 'Kwame', 'Svetlana', 'Beau', 'Alejandra', 'Cody',
         'Nadia', 'Harold', 'Xiomara', 'Bryce', 'Latoya', 'Emeka', 'Gretchen', 'Ramon', 'Shirin', 'Dale',
         'Yesenia', 'Travis', 'Mai', 'Curtis', 'Ofelia', 'Jerome', 'Keiko', 'Dustin']
LAST = ['Pettigrew', 'Adeyemi', 'Soto', 'Huang', 'Kowalczyk', 'Runningwater', 'Brandt', 'Espinoza', 'Lockhart',
        'Nguyen', 'Oyelaran', 'Vasquez-Reyes', 'Thibodeaux', 'Szabo', 'Mbeki', 'Gunderson', 'Haddad', 'Yazzie',
        'Ferreira', 'Olmstead', 'Pruitt', 'Castillo', 'Lindgren', 'Obi']
STAFF = ['Pam', 'Greg', 'Tanya', 'Luis', 'Monique', 'Ed', 'Kris', 'Abdul', 'Jen', 'Scott', 'Rosa', 'Vic']


def first(): return R.choice(FIRST)
def last(): return R.choice(LAST)
def name(): return f'{first()} {last()}'
def staff(): return R.choice(STAFF)
def case_no(): return R.choice(['C', 'CW', 'MA', 'SN', 'UI']) + '-' + digits(2) + '-' + digits(6)
