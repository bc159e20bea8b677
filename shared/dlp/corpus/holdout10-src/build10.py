"""Build holdout10: python3 build10.py ../holdout10.jsonl  (seeded; the same output every run)."""
import json
import sys
from lib10 import R, M, name, first, last, ssn, birth_date, account, aba, dl, case_no, fw, arabic  # noqa: F401
import pos10a as A
import pos10b as B
from neg10 import NEG_T
from neg10b import NEG_B
from pos10c import EXTRA
from pos10d import LONG
from neg10c import NEG_C

MIXED_T = [
    lambda: M('New hire packet for ', name(), '\nSSN: ', ('US_SSN', ssn()), '\nDOB: ', ('DOB', birth_date(0)),
              '\nDirect deposit: routing ', ('ABA_ROUTING', aba()), ', acct ', ('US_BANK_ACCOUNT', account())),
    lambda: M('DMV counter: customer ', name(), ', DOB ', ('DOB', birth_date(1)), ', CA DL ', ('US_DRIVER_LICENSE', dl('CA')), ' wants to transfer to WA'),
    lambda: M('Applicant: ', name(), '\nDate of Birth: ', ('DOB', birth_date(3)), '\nSSN: ', ('US_SSN', ssn()), '\nHousehold size: 3'),
    lambda: M('booking sheet — ', name(), ' DOB ', ('DOB', birth_date(0, (1950, 2005))), ' OLN ', ('US_DRIVER_LICENSE', dl('OR')), ' (OR)'),
    lambda: M('travel: passport ', ('US_PASSPORT', A.passport()), ', DOB ', ('DOB', birth_date(2)), ', per diem per GSA'),
    lambda: M('refund to ITIN filer ', ('US_ITIN', A.itin()), ' by DD: RTN ', ('ABA_ROUTING', aba()), ' acct ', ('US_BANK_ACCOUNT', account())),
    lambda: M('prod db creds: user elig_rw password ', ('PASSWORD', B.rand_pw()), ' and the AWS key ', ('SECRET', B.aws_id()), ' for the backup bucket'),
    lambda: M(('CLASSIFICATION', 'CUI//SP-PRVCY'), '\nClaimant SSN ', ('US_SSN', ssn()), ' flagged for identity review'),
    lambda: M('p-card ', ('CREDIT_CARD', A.fmt_card(A.card('visa'))), ', billing DOB check: ', ('DOB', birth_date(0))),
    lambda: M('SSN ', ('US_SSN', ssn()), '\nDL ', ('US_DRIVER_LICENSE', dl('TX')), ' (TX)\nboth confirmed at the window'),
]

PLAN = [(A.CARD_T + EXTRA['CREDIT_CARD'], 24), (A.SSN_T + EXTRA['US_SSN'], 26), (A.ITIN_T + EXTRA['US_ITIN'], 18),
        (A.ABA_T + EXTRA['ABA_ROUTING'], 17), (A.ACCT_T + EXTRA['US_BANK_ACCOUNT'], 12), (A.PP_T + EXTRA['US_PASSPORT'], 19),
        (A.DL_T + EXTRA['US_DRIVER_LICENSE'], 28), (A.DOB_T + EXTRA['DOB'], 24), (B.SECRET_T + EXTRA['SECRET'], 26),
        (B.PK_T + EXTRA['PRIVATE_KEY'], 17), (B.PW_T + EXTRA['PASSWORD'], 27), (B.CL_T + EXTRA['CLASSIFICATION'], 24),
        (B.ENC_T + EXTRA['ENCODED_BINARY'], 19), (B.PHI_T + EXTRA['PHI'], 25), (MIXED_T, 10), (LONG, 22)]
N_NEG = 226


def take(templates, n, seen, out):
    order = []
    while len(order) < n:
        block = list(range(len(templates)))
        R.shuffle(block)
        order += block
    for i in order[:n]:
        for _ in range(20):
            m = templates[i]()
            if m['text'] not in seen:
                break
        else:
            continue
        seen.add(m['text'])
        out.append(m)


def build():
    seen, pos, neg = set(), [], []
    for templates, n in PLAN:
        take(templates, n, seen, pos)
    take(NEG_T + NEG_B, N_NEG - 30, seen, neg)
    take(NEG_C, 30, seen, neg)
    msgs = pos + neg
    R.shuffle(msgs)
    return [{'id': f'h10-{i + 1:03d}', 'text': m['text'], 'labels': m['labels']} for i, m in enumerate(msgs)]


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else '../holdout10.jsonl'
    rows = build()
    with open(out, 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    print(f'{len(rows)} messages written to {out}')
