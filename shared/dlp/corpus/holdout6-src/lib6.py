"""Holdout6 helpers: the value generators of holdout4-src/lib.py plus more disguises and layouts."""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'holdout4-src'))
from lib import *  # noqa: F401,F403  (L, finish, generators, zw/fw/arabic/deva/shy/nbh)
from lib import R
R.seed(6_2026_12)

def bold(v): return ''.join(chr(0x1D7CE + int(c)) if c.isdigit() else c for c in v)   # MATHEMATICAL BOLD DIGIT
def beng(v): return ''.join(chr(0x9E6 + int(c)) if c.isdigit() else c for c in v)     # Bengali digits
def thai(v): return ''.join(chr(0xE50 + int(c)) if c.isdigit() else c for c in v)     # Thai digits
def nnbsp(v): return v.replace(' ', '\u202f').replace('-', '\u202f')                   # narrow no-break space groups
def lrm(v): return '\u200e'.join(v)                                                    # left-to-right marks between characters
def wj(v): return zw(v, '\u2060')                                                      # word joiner
def endash(v): return v.replace('-', '\u2013')
def minus(v): return v.replace('-', '\u2212')

DISGUISES = [zw, fw, arabic, deva, shy, nbh, bold, beng, thai, lrm, wj, endash, minus]
def disguise(v, digits_only=False):
    pool = [arabic, deva, bold, beng, thai, fw] if digits_only else DISGUISES
    return R.choice(pool)(v)

FIRST = ['Marisol', 'Dewayne', 'Priya', 'Tobias', 'Ngozi', 'Kelsey', 'Arturo', 'Hannah', 'Jamal', 'Yuki', 'Brennan', 'Lucia',
         'Omar', 'Tessa', 'Wendell', 'Fatima', 'Grady', 'Imani', 'Colton', 'Rosalind']
LAST = ['Villanueva', 'Okonkwo', 'Bergstrom', 'Halvorsen', 'Castellanos', 'Whitfield', 'Nakamura', 'Delacroix', 'Abernathy',
        'Przybylski', 'Quintero', 'Lindqvist', 'Osei', 'Mahmoud', 'Fairbanks', 'Tran-Nguyen', 'McAllister', 'Rasmussen']
def first(): return R.choice(FIRST)
def last(): return R.choice(LAST)
def name(): return f'{first()} {last()}'

def mime_b64(b):
    s = b64(b)
    return '\n'.join(s[i:i+76] for i in range(0, len(s), 76))

def od_x(b):
    lines = []
    for o in range(0, len(b) - 1, 16):
        ch = b[o:o+16]
        words = [f'{ch[i] | (ch[i+1] << 8 if i + 1 < len(ch) else 0):04x}' for i in range(0, len(ch) - 1, 2)]
        lines.append(f'{o:07o} ' + ' '.join(words))
    return '\n'.join(lines)

def c_array(b): return ', '.join(f'0x{c:02X}' for c in b)
def fake_gzip(n=160): return b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03' + os.urandom(n)
def fake_jpeg(n=160): return b'\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00' + os.urandom(n)
def fake_docx(n=200): return b'PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00' + os.urandom(n)
def fake_sqlite(n=200): return b'SQLite format 3\x00\x10\x00\x01\x01\x00@  ' + os.urandom(n)
def fake_7z(n=160): return b"7z\xbc\xaf'\x1c\x00\x04" + os.urandom(n)
