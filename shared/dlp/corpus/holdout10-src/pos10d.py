"""Holdout10 positives, part D: longer messages as they arrive in chat (case notes, tickets, forwarded mail)."""
from lib10 import *  # noqa: F401,F403
import pos10a as A
import pos10b as B

SIG = ['\n\n--\n{n}\nEligibility Specialist 3 | Community Services Office\nDSHS | (360) 725-{d}',
       '\n\nThanks,\n{n}\nDriver Services Counter Supervisor\nDept. of Licensing',
       '\n\n{n} | Revenue Agent 2 | Taxpayer Account Administration']


def sig(): return R.choice(SIG).format(n=f'{R.choice(STAFF)} {last()}', d=digits(4))


LONG = [
    lambda: M('Case note 12/03: met w/ client at CSO. Client brought SS card, number on card ', (A.SSN, ssn()),
              ', matches SOLQ. Verified household of 4, income from part-time job at Fred Meyer. Next recert due 06/2027.', sig()),
    lambda: M('Hi ', staff(), ',\n\nThe customer at window 6 says her license was issued in Illinois under ', (A.DL, dl('IL')),
              '. She needs the out-of-state surrender processed before we can issue. Can you look at the NDR hit?', sig()),
    lambda: M('Subject: RE: vendor banking change — HOLD\n\nDo NOT process. The request came from a lookalike domain. The "new" details were routing ',
              (A.ABA, aba()), ' and account ', (A.ACCT, account()), '. Reported to CTS security.', sig()),
    lambda: M('Ticket RITM', digits(7), '\nRequested for: ', name(), '\nShort description: cannot log in to ProviderOne\nWork notes: reset pw to ',
              (B.PW, B.human_pw()), ', user to change at next login. Closed.'),
    lambda: M('Intake summary (CPS)\nReporter: school counselor\nChild: ', first(), ' ', last(), ', DOB ', (A.DOB, birth_date(0, (2011, 2020))),
              '\nAllegation: neglect, no supervision after school\nScreen decision: screened in, 72-hr response'),
    lambda: M('Good morning. The taxpayer called about the refund offset. She gave ITIN ', (A.ITIN, itin()),
              ' and says the spouse filed separately. I told her we will mail a letter within 10 business days.', sig()),
    lambda: M('Per the hospital liaison: ', (B.PHI, name()), ' was admitted overnight, dx is diabetic ketoacidosis. She will miss the fair hearing tomorrow; requesting a continuance.'),
    lambda: M('UI adjudication notes\n- claimant states quit due to medical reasons\n- doctor\'s statement received for ', (B.PHI, name()),
              ': post-concussion syndrome, no work until cleared\n- decision: good cause, benefits allowed'),
    lambda: M('Travel coordinator,\n\nPlease book the Ottawa trade mission for the deputy. Passport ', (A.PP, A.passport()),
              ' expires 2031, so no renewal needed. Hotel within the per diem please.', sig()),
    lambda: M('@', staff(), ' the deploy failed because the build log has the key inline:\n', '  export STRIPE_KEY=', (B.SEC, B.stripe()),
              '\nI removed it from the pipeline yaml, someone needs to roll it in the dashboard'),
    lambda: M('quick q — payroll got a W-4 where the employee wrote SSN ', (A.SSN, ssn()), ' but HRMS has a different one. Do I call the employee or send it back through the agency HR contact?'),
    lambda: M('Collections note: debtor paid $150 by phone, card ', (A.CC, A.fmt_card(A.card('visa'))), ', confirmation ', digits(8),
              '. Remaining balance $1,240. Next payment plan date 1/5.'),
    lambda: M('Forwarding from the vendor:\n\n> Attached is the updated W-9.\n> Payment by ACH please:\n> Routing: ', (A.ABA, aba()), '\n> Account: ',
              (A.ACCT, account()), '\n> Thanks, Accounts Receivable'),
    lambda: M('Probation officer update: ', (B.PHI, name()), ' (DOC ', (B.PHI, digits(6)), ') completed inpatient for opioid use disorder, now on Suboxone. Next UA Thursday.'),
    lambda: M((B.CL, 'CONFIDENTIAL'), '\n\nInvestigations weekly — 3 open referrals, 1 closed. Do not forward this chat outside the unit.'),
    lambda: M('Hey can you look at this? Customer uploaded an image and the API rejected it. Request body had:\n"photo": "',
              (B.ENC, 'data:image/jpeg;base64,' + b64(blob('jpeg', 140))), '"'),
    lambda: M('new VM is up. root login disabled. your key:\n', (B.PK, B.openssh()), '\nput it in ~/.ssh and chmod 600'),
    lambda: M('Child support: NCP employer reports new hire. NCP DOB ', (A.DOB, birth_date(3, (1960, 2000))), ', DL ',
              (A.DL, dl('GA')), ' (GA). Sending income withholding order today.'),
]
