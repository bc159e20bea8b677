"""Holdout9 value generators and disguises (value generators reused from holdout8-src/lib8.py, as the brief
allows; templates are new). Everything comes from one seeded random.Random (no os.urandom), so
`python3 build9.py ../holdout9.jsonl` writes the same file every time.

Written blind (issue 16, holdout9 phase 1): the author had not read the DLP rule source.
"""
import base64, binascii, json, random, string

R = random.Random(9_2026_1208)
M0, M1, M2 = '\x01', '\x02', '\x03'

def L(t, v):
    """A labeled span: L('US_SSN', '123-...'). Nested labels are not allowed; overlapping types use LL."""
    return f'{M0}{t}{M1}{v}{M2}'

def LL(types, v):
    """The same span under several types ('DOB|PHI')."""
    return L('|'.join(types), v)

def u16(s):
    return len(s.encode('utf-16-le')) // 2

def finish(raw):
    """Strips the markers and returns (text, labels) with UTF-16 offsets, end exclusive."""
    out = ''
    labels = []
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == M0:
            j = raw.index(M1, i)
            k = raw.index(M2, j)
            v = raw[j + 1:k]
            assert M0 not in v and v, raw
            start = u16(out)
            out += v
            for t in raw[i + 1:j].split('|'):
                labels.append({'type': t, 'start': start, 'end': u16(out)})
            i = k + 1
        else:
            out += c
            i += 1
    return out, labels

def digits(n):
    return ''.join(R.choice(string.digits) for _ in range(n))

def letters(n, pool=string.ascii_uppercase):
    return ''.join(R.choice(pool) for _ in range(n))

A62 = string.ascii_letters + string.digits
HEX = '0123456789abcdef'
B32 = string.ascii_uppercase + '234567'

def rnd(n, pool=A62):
    return ''.join(R.choice(pool) for _ in range(n))

# ---- SSN / ITIN ---------------------------------------------------------------------------------------
SAMPLE_SSNS = ['078-05-1120', '219-09-9999', '123-45-6789']

def ssn_digits():
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        v = f'{a:03d}{R.randint(1, 99):02d}{R.randint(1, 9999):04d}'
        if v in ('078051120', '219099999', '123456789'):
            continue
        return v

def ssn(fmt='dash'):
    v = ssn_digits()
    return {'dash': f'{v[:3]}-{v[3:5]}-{v[5:]}', 'space': f'{v[:3]} {v[3:5]} {v[5:]}', 'plain': v,
            '3-6': f'{v[:3]}-{v[3:]}', '5-4': f'{v[:5]}-{v[5:]}', 'dot': f'{v[:3]}.{v[3:5]}.{v[5:]}',
            'slash': f'{v[:3]}/{v[3:5]}/{v[5:]}'}[fmt]

ITIN_GROUPS = list(range(50, 66)) + list(range(70, 89)) + [90, 91, 92] + list(range(94, 100))

def itin(fmt='dash'):
    v = f'9{digits(2)}{R.choice(ITIN_GROUPS):02d}{R.randint(1, 9999):04d}'
    return {'dash': f'{v[:3]}-{v[3:5]}-{v[5:]}', 'plain': v, 'space': f'{v[:3]} {v[3:5]} {v[5:]}'}[fmt]

# ---- cards / bank -------------------------------------------------------------------------------------
TEST_CARDS = ['4111 1111 1111 1111', '4242 4242 4242 4242', '5555 5555 5555 4444', '3782 822463 10005',
              '6011 1111 1111 1117', '4012 8888 8888 1881', '5105 1051 0510 5100']

def luhn_complete(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)

def luhn_ok(n):
    total = 0
    for i, ch in enumerate(reversed(n)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0

def card(brand=None, fmt='space'):
    brand = brand or R.choice(['visa', 'mc', 'amex', 'disc', 'mc2', 'visa'])
    if brand == 'visa':
        n = luhn_complete('4' + digits(1), 16)
    elif brand == 'mc':
        n = luhn_complete(str(R.randint(51, 55)), 16)
    elif brand == 'mc2':
        n = luhn_complete(str(R.randint(2221, 2720)), 16)
    elif brand == 'amex':
        n = luhn_complete(R.choice(['34', '37']), 15)
    else:
        n = luhn_complete(R.choice(['6011', '65' + digits(2)]), 16)
    if n.replace(' ', '') in [c.replace(' ', '') for c in TEST_CARDS]:
        return card(brand, fmt)
    if fmt == 'plain':
        return n
    sep = {'space': ' ', 'dash': '-', 'dot': '.'}[fmt]
    if len(n) == 15:
        return f'{n[:4]}{sep}{n[4:10]}{sep}{n[10:]}'
    return sep.join(n[i:i + 4] for i in range(0, 16, 4))

def aba_ok(v):
    w = [3, 7, 1]
    return len(v) == 9 and sum(int(c) * w[i % 3] for i, c in enumerate(v)) % 10 == 0

def aba():
    p = R.choice(list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73)))
    d = f'{p:02d}' + digits(6)
    w = [3, 7, 1, 3, 7, 1, 3, 7]
    s = sum(int(c) * w[i] for i, c in enumerate(d))
    return d + str((10 - s % 10) % 10)

def not_aba():
    while True:
        v = digits(9)
        if not aba_ok(v):
            return v

def acct(n=None):
    n = n or R.randint(8, 14)
    return str(R.randint(1, 9)) + digits(n - 1)

# ---- passports / licences -----------------------------------------------------------------------------
def passport():
    return R.choice([digits(9), R.choice('ACEFHKLMNPRSTUVWXZ') + digits(8)])

def passport_card():
    return 'C' + digits(8)

DL = {  # AAMVA / state DMV published formats, old and new
    'CA': lambda: letters(1) + digits(7),
    'NY': lambda: f'{digits(3)} {digits(3)} {digits(3)}',
    'FL': lambda: f'{letters(1)}{digits(3)}-{digits(3)}-{digits(2)}-{digits(3)}-{digits(1)}',
    'IL': lambda: f'{letters(1)}{digits(3)}-{digits(4)}-{digits(4)}',
    'WA': lambda: 'WDL' + rnd(9, string.ascii_uppercase + string.digits),
    'WA-old': lambda: R.choice(['PARKS', 'LEE**', 'NGUYE', 'OBRIE', 'KIM**', 'FOX**']) + letters(2) + digits(3) + letters(1) + R.choice('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'),
    'TX': lambda: digits(8),
    'PA': lambda: f'{digits(2)} {digits(3)} {digits(3)}',
    'MI': lambda: f'{letters(1)} {digits(3)} {digits(3)} {digits(3)} {digits(3)}',
    'NJ': lambda: f'{letters(1)}{digits(4)} {digits(5)} {digits(5)}',
    'MD': lambda: f'{letters(1)}-{digits(3)}-{digits(3)}-{digits(3)}-{digits(3)}',
    'WI': lambda: f'{letters(1)}{digits(3)}-{digits(4)}-{digits(4)}-{digits(2)}',
    'OH': lambda: letters(2) + digits(6),
    'MN': lambda: letters(1) + digits(12),
    'CO': lambda: f'{digits(2)}-{digits(3)}-{digits(4)}',
    'VA': lambda: f'{letters(1)}{digits(2)}-{digits(2)}-{digits(4)}',
    'MA': lambda: 'SA' + digits(7),
    'NH': lambda: digits(2) + letters(3) + digits(5),
    'ID': lambda: letters(2) + digits(6) + letters(1),
    'IA': lambda: digits(3) + letters(2) + digits(4),
    'KS': lambda: f'K{digits(2)}-{digits(2)}-{digits(4)}',
    'ND': lambda: letters(3) + digits(6),
    'IN': lambda: f'{digits(4)}-{digits(2)}-{digits(4)}',
    'HI': lambda: 'H' + digits(8),
    'OK': lambda: letters(1) + digits(9),
    'WY': lambda: f'{digits(6)}-{digits(3)}',
    'MO': lambda: digits(9) + letters(1),
    'NV': lambda: digits(10),
    'AZ': lambda: letters(1) + digits(8),
    'OR': lambda: digits(7),
    'VT': lambda: digits(7) + 'A',
    'KY': lambda: letters(1) + digits(8),
}

def dl(state):
    return DL[state]()

MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
          'November', 'December']

def dob(fmt=None, lo=1938, hi=2009):
    y = R.randint(lo, hi)
    m = R.randint(1, 12)
    d = R.randint(1, 28)
    mon = MONTHS[m - 1]
    fmt = fmt or R.choice(['us', 'iso', 'long', 'short', 'dmy', 'us2'])
    return {'us': f'{m:02d}/{d:02d}/{y}', 'iso': f'{y}-{m:02d}-{d:02d}', 'long': f'{mon} {d}, {y}',
            'short': f'{m}/{d}/{y}', 'us2': f'{m}-{d}-{y}', 'dmy': f'{d} {mon[:3]} {y}', 'yy': f'{m}/{d}/{y % 100:02d}',
            'dot': f'{m:02d}.{d:02d}.{y}', 'dlong': f'{d} {mon} {y}'}[fmt]

def date_recent(fmt='us'):
    y = R.choice([2025, 2026, 2027])
    m = R.randint(1, 12)
    d = R.randint(1, 28)
    return {'us': f'{m:02d}/{d:02d}/{y}', 'iso': f'{y}-{m:02d}-{d:02d}', 'long': f'{MONTHS[m - 1]} {d}, {y}',
            'short': f'{m}/{d}/{y}'}[fmt]

# ---- secrets ------------------------------------------------------------------------------------------
def jwt():
    head = base64.urlsafe_b64encode(json.dumps({'alg': 'RS256', 'typ': 'JWT', 'kid': rnd(8)}).encode()).decode().rstrip('=')
    body = base64.urlsafe_b64encode(json.dumps({'sub': 'svc-' + rnd(6, string.ascii_lowercase), 'aud': 'api.dshs.wa.gov',
                                                'exp': 1796000000 + R.randint(0, 9999999)}).encode()).decode().rstrip('=')
    return f'{head}.{body}.{rnd(86, A62 + "-_")}'

SECRETS = {
    'aws': lambda: R.choice(['AKIA', 'ASIA']) + rnd(16, B32),
    'aws-secret': lambda: rnd(40, A62 + '+/'),
    'ghp': lambda: 'ghp_' + rnd(36),
    'ghs': lambda: 'ghs_' + rnd(36),
    'ghu': lambda: 'ghu_' + rnd(36),
    'github_pat': lambda: 'github_pat_11' + rnd(20, string.ascii_uppercase + string.digits) + '_' + rnd(59),
    'glpat': lambda: 'glpat-' + rnd(20, A62 + '-_'),
    'glptt': lambda: 'glptt-' + rnd(40, HEX),
    'xoxb': lambda: f'xoxb-{digits(12)}-{digits(13)}-{rnd(24)}',
    'xapp': lambda: f'xapp-1-A{rnd(10, string.ascii_uppercase + string.digits)}-{digits(13)}-{rnd(64, HEX)}',
    'slack-hook': lambda: f'https://hooks.slack.com/services/T{rnd(10, string.ascii_uppercase + string.digits)}/B{rnd(10, string.ascii_uppercase + string.digits)}/{rnd(24)}',
    'stripe': lambda: 'sk_live_' + rnd(99),
    'rk': lambda: 'rk_live_' + rnd(24),
    'whsec': lambda: 'whsec_' + rnd(32),
    'google': lambda: 'AIza' + rnd(35, A62 + '-_'),
    'gocspx': lambda: 'GOCSPX-' + rnd(28, A62 + '-_'),
    'ya29': lambda: 'ya29.a0' + rnd(120, A62 + '-_'),
    'sendgrid': lambda: f'SG.{rnd(22, A62 + "-_")}.{rnd(43, A62 + "-_")}',
    'twilio-token': lambda: rnd(32, HEX),
    'twilio-sk': lambda: 'SK' + rnd(32, HEX),
    'mailgun': lambda: 'key-' + rnd(32, HEX),
    'npm': lambda: 'npm_' + rnd(36),
    'pypi': lambda: 'pypi-AgEIcHlwaS5vcmc' + rnd(70, A62 + '-_'),
    'dckr': lambda: 'dckr_pat_' + rnd(27, A62 + '-_'),
    'hf': lambda: 'hf_' + rnd(34, string.ascii_letters),
    'openai': lambda: 'sk-proj-' + rnd(74, A62 + '-_') + 'T3BlbkFJ' + rnd(74, A62 + '-_'),
    'anthropic': lambda: 'sk-ant-api03-' + rnd(93, A62 + '-_') + 'AA',
    'azure-cs': lambda: rnd(3, A62) + digits(1) + 'Q~' + rnd(34, A62 + '-_.~'),
    'azure-key': lambda: rnd(86, A62 + '+/') + '==',
    'shpat': lambda: 'shpat_' + rnd(32, HEX),
    'doppler': lambda: 'dp.st.prd.' + rnd(43),
    'tfc': lambda: rnd(14) + '.atlasv1.' + rnd(67),
    'rubygems': lambda: 'rubygems_' + rnd(48, HEX),
    'sq0csp': lambda: 'sq0csp-' + rnd(43, A62 + '-_'),
    'figma': lambda: 'figd_' + rnd(40, A62 + '-_'),
    'sentry': lambda: 'sntrys_eyJpYXQiOjE3' + rnd(60) + '_' + rnd(43),
    'pscale': lambda: 'pscale_pw_' + rnd(43, A62 + '-_'),
    'jwt': jwt,
    'hex40': lambda: rnd(40, HEX),
}

def secret(kind):
    return SECRETS[kind]()

def pem(kind, lines=None):
    n = lines or R.randint(5, 12)
    body = '\n'.join(rnd(64, A62 + '+/') for _ in range(n)) + '\n' + rnd(R.randint(12, 60), A62 + '+/') + '=='
    head = {'rsa': 'RSA PRIVATE KEY', 'pk8': 'PRIVATE KEY', 'ec': 'EC PRIVATE KEY', 'ssh': 'OPENSSH PRIVATE KEY',
            'enc': 'ENCRYPTED PRIVATE KEY', 'dsa': 'DSA PRIVATE KEY'}[kind]
    if kind == 'rsa':
        body = 'MIIEpAIBAAKCAQEA' + rnd(48, A62 + '+/') + '\n' + body
    if kind == 'pk8':
        body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ' + rnd(14, A62 + '+/') + '\n' + body
    if kind == 'ssh':
        body = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n' + body
    return f'-----BEGIN {head}-----\n{body}\n-----END {head}-----'

def pgp_private():
    body = '\n'.join(rnd(64, A62 + '+/') for _ in range(R.randint(6, 10)))
    return (f'-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQVYBGZ{rnd(57)}\n{body}\n={rnd(4)}\n'
            '-----END PGP PRIVATE KEY BLOCK-----')

def putty():
    pub = '\n'.join(rnd(64, A62 + '+/') for _ in range(4))
    priv = '\n'.join(rnd(64, A62 + '+/') for _ in range(8))
    return (f'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-2026{digits(4)}\nPublic-Lines: 4\n{pub}\n'
            f'Private-Lines: 8\n{priv}\nPrivate-MAC: {rnd(64, HEX)}')

def ed25519_pub():
    blob = b'\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20' + R.randbytes(32)
    return 'ssh-ed25519 ' + base64.b64encode(blob).decode()

def ed25519_pem_pub():
    der = bytes.fromhex('302a300506032b6570032100') + R.randbytes(32)
    return f'-----BEGIN PUBLIC KEY-----\n{base64.b64encode(der).decode()}\n-----END PUBLIC KEY-----'

PW_WORDS = ['Chinook', 'Palouse', 'Yakima', 'Skagit', 'Hoh', 'Juniper', 'Osprey', 'Tumwater', 'Cedar', 'Larch', 'Kestrel',
            'Nisqually', 'Basalt', 'Heron']

def password():
    s = R.randint(0, 5)
    w = R.choice(PW_WORDS)
    if s == 0:
        return w + R.choice('!#$@*') + str(R.randint(2024, 2027))
    if s == 1:
        return rnd(R.randint(11, 18), A62 + '!@#$%^&*()-_=+')
    if s == 2:
        return f'{w.lower()}.{R.choice(PW_WORDS).lower()}.{R.choice(PW_WORDS).lower()}{R.randint(1, 9)}'
    if s == 3:
        return w[0].lower() + w[1:].upper() + digits(3) + R.choice('!?%&')
    if s == 4:
        return rnd(3, string.ascii_uppercase) + R.choice('#@') + digits(4) + rnd(3, string.ascii_lowercase)
    return f'{w}{R.choice(["_", "-", ""])}{R.choice(PW_WORDS)}{digits(2)}'

# ---- binaries -----------------------------------------------------------------------------------------
def rb(n):
    return R.randbytes(n)

def f_pdf(n=180): return b'%PDF-1.6\n%\xe2\xe3\xcf\xd3\n4 0 obj\n<< /Linearized 1 /L 88213 >>\nendobj\n' + rb(n)
def f_png(n=150): return b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x00\xc8\x08\x06\x00\x00\x00' + rb(n)
def f_zip(n=200): return b'PK\x03\x04\x14\x00\x08\x00\x08\x00' + rb(n)
def f_gz(n=160): return b'\x1f\x8b\x08\x00' + rb(4) + b'\x00\x03' + rb(n)
def f_jpg(n=160): return b'\xff\xd8\xff\xe1\x00\x18Exif\x00\x00II*\x00\x08\x00\x00\x00' + rb(n)
def f_elf(n=160): return b'\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00' + rb(n)
def f_ole(n=200): return b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\x00' * 16 + b'>\x00\x03\x00\xfe\xff\x09\x00' + rb(n)
def f_rand(n=160): return rb(n)

def f_exe(n=220):
    b = bytearray(rb(max(n, 200)))
    b[0:2] = b'MZ'
    b[2:16] = b'\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00'
    b[60:64] = (128).to_bytes(4, 'little')
    b[128:132] = b'PE\x00\x00'
    return bytes(b)

def b64(b): return base64.b64encode(b).decode()
def wrap(s, n=76): return '\n'.join(s[i:i + n] for i in range(0, len(s), n))

def xxd(b):
    out = []
    for o in range(0, len(b), 16):
        ch = b[o:o + 16]
        hx = ch.hex()
        g = ' '.join(hx[i:i + 4] for i in range(0, len(hx), 4))
        out.append(f'{o:08x}: {g.ljust(39)}  ' + ''.join(chr(c) if 32 <= c < 127 else '.' for c in ch))
    return '\n'.join(out)

def hexdump_c(b):
    out = []
    for o in range(0, len(b), 16):
        ch = b[o:o + 16]
        hx = [f'{c:02x}' for c in ch]
        out.append(f'{o:08x}  ' + (' '.join(hx[:8]) + '  ' + ' '.join(hx[8:])).ljust(48) + '  |'
                   + ''.join(chr(c) if 32 <= c < 127 else '.' for c in ch) + '|')
    return '\n'.join(out)

def esc(b): return ''.join(f'\\x{c:02x}' for c in b)
def c_array(b): return ', '.join(f'0x{c:02x}' for c in b)

def uuencode(b, name):
    lines = [f'begin 644 {name}'] + [binascii.b2a_uu(b[i:i + 45], backtick=True).decode().rstrip('\n') for i in range(0, len(b), 45)]
    return '\n'.join(lines + ['`', 'end'])

# ---- disguises ----------------------------------------------------------------------------------------
def zw(v, c='\u200b'): return c.join(v)
def fw(v): return ''.join(chr(ord(c) + 0xfee0) if '!' <= c <= '~' else c for c in v)
def arabic(v): return ''.join(chr(0x660 + int(c)) if c.isdigit() and c.isascii() else c for c in v)
def persian(v): return ''.join(chr(0x6F0 + int(c)) if c.isdigit() and c.isascii() else c for c in v)
def deva(v): return ''.join(chr(0x966 + int(c)) if c.isdigit() and c.isascii() else c for c in v)
def bold(v): return ''.join(chr(0x1D7CE + int(c)) if c.isdigit() and c.isascii() else c for c in v)
def mono(v): return ''.join(chr(0x1D7F6 + int(c)) if c.isdigit() and c.isascii() else c for c in v)
def tamil(v): return ''.join(chr(0xBE6 + int(c)) if c.isdigit() and c.isascii() else c for c in v)
def shy(v): return zw(v, '\u00ad')
def zwj(v): return zw(v, '\u200d')
def rlo(v): return '\u202d' + v + '\u202c'
def nbh(v): return v.replace('-', '\u2011')
def emdash(v): return v.replace('-', '\u2014')
def figsp(v): return v.replace(' ', '\u2007').replace('-', '\u2007')
def ideosp(v): return v.replace(' ', '\u3000')
def bom(v): return '\ufeff'.join([v[:len(v) // 2], v[len(v) // 2:]])

DIGIT_DISGUISES = [arabic, persian, deva, bold, mono, tamil, fw]
ALL_DISGUISES = DIGIT_DISGUISES + [zw, shy, zwj, nbh, emdash, figsp, bom, rlo]

def disguise(v, digits_only=False):
    return R.choice(DIGIT_DISGUISES if digits_only else ALL_DISGUISES)(v)

FIRST = ['Araceli', 'Desmond', 'Siobhan', 'Mateo', 'Chidinma', 'Brynn', 'Tomasz', 'Leilani', 'Kwame', 'Ingrid', 'Rafael',
         'Noor', 'Everett', 'Marguerite', 'Thanh', 'Saoirse', 'Dmitri', 'Yolanda', 'Beau', 'Anjali', 'Harlan', 'Zainab']
LAST = ['Oyelaran', 'Esparza', 'Lindgren', 'Kowalczyk', 'Vuong', 'Thibodeaux', 'Ashworth', 'Fontaine', 'Begay', 'Sandoval',
        'Muldoon', 'Haddad', 'Strand', 'Achterberg', 'Cardenas', 'Yazzie', 'Petrakis', 'Wojcik', 'Ramanathan', 'Kealoha']

def first(): return R.choice(FIRST)
def last(): return R.choice(LAST)
def name(): return f'{first()} {last()}'
def initial_name(): return f'{first()[0]}. {last()}'
def case_no(): return f'{R.choice(["CS", "APS", "CPS", "DCYF", "HCA"])}-{R.randint(2024, 2026)}-{digits(5)}'
def mrn(): return digits(R.choice([7, 8, 10]))
def p1_id(): return digits(9) + 'WA'
def medicare_mbi(): return f'{R.randint(1, 9)}{letters(1, "ACDEFGHJKMNPQRTUVWXY")}{R.choice("ACDEFGHJKMNPQRTUVWXY0123456789")}{digits(1)}-{letters(1, "ACDEFGHJKMNPQRTUVWXY")}{R.choice("ACDEFGHJKMNPQRTUVWXY0123456789")}{digits(1)}-{letters(2, "ACDEFGHJKMNPQRTUVWXY")}{digits(2)}'
