import random, json, base64, string, os
R = random.Random(16_2026)
M0, M1, M2 = '\x01', '\x02', '\x03'

def L(t, v):
    """A labeled span."""
    return f'{M0}{t}{M1}{v}{M2}'

def finish(idx, raw):
    out = ''; labels = []; i = 0
    while i < len(raw):
        c = raw[i]
        if c == M0:
            j = raw.index(M1, i); t = raw[i+1:j]; k = raw.index(M2, j)
            v = raw[j+1:k]
            assert M0 not in v, raw
            labels.append({'type': t, 'start': len(out), 'end': len(out) + len(v)})
            out += v; i = k + 1
        else:
            out += c; i += 1
    return {'id': f'h4-{idx:03d}', 'text': out, 'labels': labels}

def digits(n): return ''.join(R.choice(string.digits) for _ in range(n))

def ssn_parts():
    while True:
        a = R.randint(1, 899)
        if a == 666: continue
        g = R.randint(1, 99); s = R.randint(1, 9999)
        v = f'{a:03d}{g:02d}{s:04d}'
        if v in ('078051120', '219099999', '123456789'): continue
        return v

def ssn(fmt='dash'):
    v = ssn_parts()
    return {'dash': f'{v[:3]}-{v[3:5]}-{v[5:]}', 'space': f'{v[:3]} {v[3:5]} {v[5:]}', 'plain': v, '3-6': f'{v[:3]}-{v[3:]}',
            '5-4': f'{v[:5]}-{v[5:]}', 'dot': f'{v[:3]}.{v[3:5]}.{v[5:]}'}[fmt]

def itin(fmt='dash'):
    g = R.choice(list(range(50, 66)) + list(range(70, 89)) + [90, 91, 92] + list(range(94, 100)))
    v = f'9{digits(2)}{g:02d}{R.randint(1, 9999):04d}'
    return f'{v[:3]}-{v[3:5]}-{v[5:]}' if fmt == 'dash' else (v if fmt == 'plain' else f'{v[:3]} {v[3:5]} {v[5:]}')

def luhn_complete(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9: d -= 9
        total += d
    return body + str((10 - total % 10) % 10)

def card(brand=None, fmt='space'):
    brand = brand or R.choice(['visa', 'mc', 'amex', 'disc', 'mc2'])
    if brand == 'visa': n = luhn_complete('4' + str(R.randint(0, 9)), 16)
    elif brand == 'mc': n = luhn_complete(str(R.randint(51, 55)), 16)
    elif brand == 'mc2': n = luhn_complete(str(R.randint(2221, 2720)), 16)
    elif brand == 'amex': n = luhn_complete(R.choice(['34', '37']), 15)
    else: n = luhn_complete('6011', 16)
    if n in ('4111111111111111', '5555555555554444'): return card(brand, fmt)
    if fmt == 'plain': return n
    sep = ' ' if fmt == 'space' else '-'
    if len(n) == 15: return f'{n[:4]}{sep}{n[4:10]}{sep}{n[10:]}'
    return sep.join(n[i:i+4] for i in range(0, 16, 4))

def aba():
    while True:
        p = R.choice(list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73)))
        d = f'{p:02d}' + digits(6)
        w = [3, 7, 1, 3, 7, 1, 3, 7]
        s = sum(int(c) * w[i] for i, c in enumerate(d))
        v = d + str((10 - s % 10) % 10)
        return v

def acct(n=None): return digits(n or R.randint(8, 12)).lstrip('0').rjust(n or 10, '4')

def passport(): return R.choice([digits(9), R.choice('ACEFHKLMNPRSTUVWXZ') + digits(8)])

def letters(n, pool=string.ascii_uppercase): return ''.join(R.choice(pool) for _ in range(n))

DL = {
    'CA': lambda: letters(1) + digits(7),
    'NY': lambda: digits(9),
    'FL': lambda: f'{letters(1)}{digits(3)}-{digits(3)}-{digits(2)}-{digits(3)}-{digits(1)}',
    'IL': lambda: f'{letters(1)}{digits(3)}-{digits(4)}-{digits(4)}',
    'WA': lambda: 'WDL' + ''.join(R.choice(string.ascii_uppercase + string.digits) for _ in range(9)),
    'WA-legacy': lambda: R.choice(['SMITH', 'JONES', 'NGUYEN', 'GARCI', 'OKAFO']) + letters(2) + '*' + digits(3) + letters(2),
    'TX': lambda: digits(8),
    'PA': lambda: digits(8),
    'MI': lambda: f'{letters(1)} {digits(3)} {digits(3)} {digits(3)} {digits(3)}',
    'NJ': lambda: f'{letters(1)}{digits(4)} {digits(5)} {digits(5)}',
    'MD': lambda: f'{letters(1)}-{digits(3)}-{digits(3)}-{digits(3)}-{digits(3)}',
    'WI': lambda: f'{letters(1)}{digits(3)}-{digits(4)}-{digits(4)}-{digits(2)}',
    'OR': lambda: digits(7),
    'AZ': lambda: letters(1) + digits(8),
    'OH': lambda: letters(2) + digits(6),
    'MN': lambda: letters(1) + digits(12),
    'CO': lambda: f'{digits(2)}-{digits(3)}-{digits(4)}',
    'GA': lambda: digits(9),
    'VA': lambda: letters(1) + digits(8),
    'MA': lambda: 'S' + digits(8),
}
def dl(state): return DL[state]()

def dob(fmt=None):
    y = R.randint(1941, 2008); m = R.randint(1, 12); d = R.randint(1, 28)
    mon = ['January','February','March','April','May','June','July','August','September','October','November','December'][m-1]
    fmt = fmt or R.choice(['us', 'iso', 'long', 'short', 'us2'])
    return {'us': f'{m:02d}/{d:02d}/{y}', 'iso': f'{y}-{m:02d}-{d:02d}', 'long': f'{mon} {d}, {y}', 'short': f'{m}/{d}/{y}',
            'us2': f'{m}-{d}-{y}', 'dmy': f'{d} {mon[:3]} {y}'}[fmt]

A62 = string.ascii_letters + string.digits
def rnd(n, pool=A62): return ''.join(R.choice(pool) for _ in range(n))
HEXL = '0123456789abcdef'

SECRETS = {
    'aws': lambda: 'AKIA' + rnd(16, string.ascii_uppercase + '234567'),
    'aws-secret': lambda: rnd(40, A62 + '+/'),
    'ghp': lambda: 'ghp_' + rnd(36),
    'gho': lambda: 'gho_' + rnd(36),
    'github_pat': lambda: 'github_pat_' + rnd(22) + '_' + rnd(59),
    'glpat': lambda: 'glpat-' + rnd(20, A62 + '-_'),
    'slack-bot': lambda: f'xoxb-{digits(11)}-{digits(13)}-{rnd(24)}',
    'slack-user': lambda: f'xoxp-{digits(11)}-{digits(11)}-{digits(13)}-{rnd(32, HEXL)}',
    'slack-webhook': lambda: f'https://hooks.slack.com/services/T{rnd(8, string.ascii_uppercase + string.digits)}/B{rnd(10, string.ascii_uppercase + string.digits)}/{rnd(24)}',
    'stripe': lambda: 'sk_live_' + rnd(24),
    'stripe-rk': lambda: 'rk_live_' + rnd(24),
    'google': lambda: 'AIza' + rnd(35, A62 + '-_'),
    'sendgrid': lambda: f'SG.{rnd(22, A62 + "-_")}.{rnd(43, A62 + "-_")}',
    'twilio': lambda: 'SK' + rnd(32, HEXL),
    'npm': lambda: 'npm_' + rnd(36),
    'openai': lambda: 'sk-proj-' + rnd(48, A62 + '-_'),
    'anthropic': lambda: 'sk-ant-api03-' + rnd(93, A62 + '-_') + 'AA',
    'shopify': lambda: 'shpat_' + rnd(32, HEXL),
    'do': lambda: 'dop_v1_' + rnd(64, HEXL),
    'vault': lambda: 'hvs.' + rnd(24, A62 + '_-') ,
    'pypi': lambda: 'pypi-AgEIcHlwaS5vcmc' + rnd(60, A62 + '-_'),
    'mailchimp': lambda: rnd(32, HEXL) + '-us' + str(R.randint(2, 21)),
    'databricks': lambda: 'dapi' + rnd(32, HEXL),
    'newrelic': lambda: 'NRAK-' + rnd(27, string.ascii_uppercase + string.digits),
    'grafana': lambda: 'glsa_' + rnd(32) + '_' + rnd(8, HEXL),
    'linear': lambda: 'lin_api_' + rnd(40),
    'azure-sas': lambda: f'sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2026-12-31T00:00:00Z&st=2026-01-01T00:00:00Z&spr=https&sig={rnd(43, A62 + "%")}%3D',
    'jwt': lambda: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' + base64.urlsafe_b64encode(json.dumps({'sub': digits(6), 'name': 'svc-intake', 'iat': 1764000000 + R.randint(0, 9999999)}).encode()).decode().rstrip('=') + '.' + rnd(43, A62 + '-_'),
    'azure-storage': lambda: f'DefaultEndpointsProtocol=https;AccountName=wadoh{rnd(6, string.ascii_lowercase)};AccountKey={rnd(86, A62 + "+/")}==;EndpointSuffix=core.windows.net',
    'discord': lambda: f'{rnd(24)}.{rnd(6)}.{rnd(27, A62 + "-_")}',
    'heroku': lambda: f'HRKU-{rnd(8, HEXL)}-{rnd(4, HEXL)}-{rnd(4, HEXL)}-{rnd(4, HEXL)}-{rnd(12, HEXL)}',
    'square': lambda: 'EAAA' + rnd(60, A62 + '-_'),
    'atlassian': lambda: 'ATATT3xFfGF0' + rnd(180, A62 + '-_=') ,
    'postman': lambda: f'PMAK-{rnd(24, HEXL)}-{rnd(34, HEXL)}',
}

def pem(kind):
    body = '\n'.join(rnd(64, A62 + '+/') for _ in range(R.randint(4, 8))) + '\n' + rnd(R.randint(20, 60), A62 + '+/') + '='
    heads = {'rsa': 'RSA PRIVATE KEY', 'pk': 'PRIVATE KEY', 'ec': 'EC PRIVATE KEY', 'ssh': 'OPENSSH PRIVATE KEY', 'enc': 'ENCRYPTED PRIVATE KEY', 'dsa': 'DSA PRIVATE KEY'}
    if kind == 'ssh':
        body = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n' + body
    h = heads[kind]
    return f'-----BEGIN {h}-----\n{body}\n-----END {h}-----'

def pgp():
    body = '\n'.join(rnd(64, A62 + '+/') for _ in range(6))
    return f'-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGX{rnd(57, A62)}\n{body}\n={rnd(4)}\n-----END PGP PRIVATE KEY BLOCK-----'

def putty():
    return ('PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: rsa-key-20261101\nPublic-Lines: 6\n' + '\n'.join(rnd(64, A62 + '+/') for _ in range(6)) +
            '\nPrivate-Lines: 14\n' + '\n'.join(rnd(64, A62 + '+/') for _ in range(14)) + f'\nPrivate-MAC: {rnd(64, HEXL)}')

PW_WORDS = ['Spring', 'Harbor', 'Cascade', 'Olympia', 'Falcon', 'Maple', 'Granite', 'Tacoma', 'Rainier', 'Copper', 'Willow', 'Summit']
def password():
    style = R.randint(0, 4)
    if style == 0: return R.choice(PW_WORDS) + R.choice(['!', '#', '$', '@']) + str(R.randint(2020, 2027))
    if style == 1: return rnd(R.randint(10, 16), A62 + '!@#$%^&*')
    if style == 2: return f'{R.choice(PW_WORDS)}-{R.choice(PW_WORDS).lower()}-{R.randint(10, 99)}'
    if style == 3: return R.choice(PW_WORDS).lower() + str(R.randint(100, 999)) + R.choice(PW_WORDS) + '!'
    return rnd(4, string.ascii_uppercase) + digits(2) + rnd(4, string.ascii_lowercase) + R.choice('!?%')

def fake_pdf(n=200): return b'%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' + os.urandom(n)
def fake_png(n=120): return b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR' + os.urandom(n)
def fake_zip(n=200): return b'PK\x03\x04\x14\x00\x06\x00\x08\x00' + os.urandom(n)
def fake_exe(n=200):
    b = bytearray(os.urandom(max(n, 200))); b[0:2] = b'MZ'; b[60:64] = (128).to_bytes(4, 'little'); b[128:132] = b'PE\x00\x00'; return bytes(b)
def fake_elf(n=120): return b'\x7fELF\x02\x01\x01\x00' + os.urandom(n)
def b64(b): return base64.b64encode(b).decode()
def xxd(b):
    lines = []
    for o in range(0, len(b), 16):
        ch = b[o:o+16]; hx = ch.hex(); groups = ' '.join(hx[i:i+4] for i in range(0, len(hx), 4))
        lines.append(f'{o:08x}: {groups.ljust(39)}  ' + ''.join(chr(c) if 32 <= c < 127 else '.' for c in ch))
    return '\n'.join(lines)
def hexdump_c(b):
    lines = []
    for o in range(0, len(b), 16):
        ch = b[o:o+16]; hx = [f'{c:02x}' for c in ch]
        lines.append(f'{o:08x}  ' + (' '.join(hx[:8]) + '  ' + ' '.join(hx[8:])).ljust(48) + '  |' + ''.join(chr(c) if 32 <= c < 127 else '.' for c in ch) + '|')
    return '\n'.join(lines)
def esc(b): return ''.join(f'\\x{c:02x}' for c in b)

# Disguises (issue 11 item 2 / issue 16 item 3)
def zw(v, c='\u200b'): return c.join(v)
def fw(v): return ''.join(chr(ord(c) + 0xfee0) if '!' <= c <= '~' else c for c in v)
def arabic(v): return ''.join(chr(0x660 + int(c)) if c.isdigit() else c for c in v)
def deva(v): return ''.join(chr(0x966 + int(c)) if c.isdigit() else c for c in v)
def shy(v): return zw(v, '\u00ad')
def nbh(v): return v.replace('-', '\u2011')
