"""Holdout9 additions to lib9.py: more state licence formats (AAMVA / state DMV published formats, old and
new), new name pools, dictation and OCR helpers, agency references. All draws come from lib9.R."""
import string
from lib9 import R, digits, letters, rnd, DL

DL9 = dict(DL)
DL9.update({
    'GA': lambda: digits(9),
    'NC': lambda: digits(12),
    'SC': lambda: digits(9),
    'TN': lambda: digits(9),
    'UT': lambda: digits(9),
    'AL': lambda: digits(7),
    'AK': lambda: digits(7),
    'AR': lambda: '9' + digits(8),
    'CT': lambda: f'{R.randint(1, 24):02d}' + digits(7),
    'DE': lambda: digits(7),
    'LA': lambda: '00' + digits(7),
    'ME': lambda: digits(7),
    'MS': lambda: '80' + digits(7),
    'MT': lambda: digits(13),
    'MT-old': lambda: letters(1) + digits(1) + rnd(1, string.ascii_uppercase) + digits(2) + letters(3) + digits(1),
    'NE': lambda: letters(1) + digits(8),
    'NM': lambda: digits(9),
    'RI': lambda: 'V' + digits(6),
    'SD': lambda: digits(8),
    'WV': lambda: letters(1) + digits(6),
    'DC': lambda: digits(7),
    'NY-old': lambda: letters(1) + digits(18),
    'WA-2018': lambda: 'WDL' + rnd(9, string.ascii_uppercase + string.digits),
    'NJ-dash': lambda: f'{letters(1)}{digits(4)}-{digits(5)}-{digits(5)}',
    'FL-plain': lambda: letters(1) + digits(12),
})

def dl9(state):
    return DL9[state]()

FIRST9 = ['Guadalupe', 'Torben', 'Precious', 'Ezekiel', 'Wren', 'Nguyet', 'Obadiah', 'Itzel', 'Rosalind', 'Kofi',
          'Delphine', 'Jarrell', 'Maribel', 'Stellan', 'Ayesha', 'Cormac', 'Lupita', 'Hollis', 'Fenna', 'Tavita',
          'Ignacio', 'Shauna', 'Bartholomew', 'Ximena', 'Dariusz']
LAST9 = ['Quintanilla', 'Halvorsen', 'Okonkwo', 'Baptiste', 'Tsosie', 'Nakamura-Reyes', 'Vanderpool', 'Abernathy',
         'Szymanski', 'Villalobos', 'Whitehorse', 'Delacroix', 'Amankwah', 'Kristiansen', 'Pham', 'Galloway',
         'Echeverria', 'Lindqvist', 'Mbeki', 'Castellanos', 'Runningwater', 'Dubois', 'Oduya', 'Trujillo']

def fn(): return R.choice(FIRST9)
def ln(): return R.choice(LAST9)
def nm(): return f'{fn()} {ln()}'
def nm_rev(): return f'{ln().upper()}, {fn().upper()}'
def ini(): return f'{fn()[0]}. {ln()}'

WORD = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']

def spaced(v):
    """Voice dictation: '531-44' -> '5 3 1 dash 4 4'."""
    return ' '.join('dash' if c == '-' else c for c in v if c != ' ')

def spelled(v):
    """Dictation with words: '53' -> 'five three'."""
    return ' '.join(WORD[int(c)] if c.isdigit() else ('dash' if c == '-' else c) for c in v if c != ' ')

def ocr(v):
    """OCR-ish spacing: stray spaces between groups."""
    return ' '.join(v[i:i + 2] for i in range(0, len(v), 2))

def case9(): return f'{R.choice(["ES", "IU", "FS", "CW", "UI", "DOC", "PRB"])}{R.randint(24, 26)}-{digits(6)}'
def claim_ui(): return f'UI-{digits(8)}'
def ticket(): return f'INC{digits(7)}'
def req(): return f'REQ{digits(7)}'
def po(): return f'PO-{R.randint(2025, 2027)}-{digits(5)}'
def docket(): return f'{R.randint(24, 26)}-{R.choice(["1", "2", "3"])}-{digits(5)}-{R.randint(1, 39):02d}'
def doc_num(): return digits(6)
def phone(): return f'({R.randint(200, 989)}) {R.randint(200, 989)}-{digits(4)}'
def zip4(): return f'9{digits(4)}-{digits(4)}'

PW9 = ['Rainier', 'Steelhead', 'Madrona', 'Sequim', 'Walla', 'Cowlitz', 'Methow', 'Snoqualmie', 'Orca', 'Geoduck',
       'Huckleberry', 'Salal', 'Okanogan', 'Chelan']
SEASON = ['Spring', 'Summer', 'Autumn', 'Winter', 'Fall']
LEET = str.maketrans({'a': '4', 'e': '3', 'i': '1', 'o': '0', 's': '$'})

def password9():
    """Passwords as people set them: season+year, leet words, passphrases, temp-password patterns, random."""
    s = R.randint(0, 6)
    w = R.choice(PW9)
    if s == 0:
        return R.choice(SEASON) + str(R.randint(2024, 2027)) + R.choice('!#$.')
    if s == 1:
        return w[0] + w[1:].lower().translate(LEET) + R.choice('!@#') + digits(2)
    if s == 2:
        return '-'.join(R.choice(PW9).lower() for _ in range(3)) + digits(1)
    if s == 3:
        return 'Welcome' + digits(3) + R.choice('!?')
    if s == 4:
        return rnd(R.randint(12, 20), string.ascii_letters + string.digits + '!@#$%^&*_-+=')
    if s == 5:
        return f'{w}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.choice("!*")}'
    return f'{letters(1)}{rnd(3, string.ascii_lowercase)}{digits(4)}{R.choice("$%")}{letters(2)}'
