"""Holdout10 positives, part C: more phrasings per type (dictation, terse chat, tickets, other scripts, disguises)."""
from lib10 import *  # noqa: F401,F403
import pos10a as A
import pos10b as B

WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']


def said(v):
    """Digits as a voice-to-text tool writes them: '5 2 3, 4 1, ...' with group commas."""
    return ', '.join(' '.join(g) for g in v.split('-'))


EXTRA = {
    'CREDIT_CARD': [
        lambda: M('Caller ', name(), ' paying the citation by phone, visa ', (A.CC, said(A.fmt_card(A.card('visa'), '-'))), ' exp ', A.exp()),
        lambda: M('pls refund to the original card (', (A.CC, A.card('mc')), '), receipt # ', digits(8)),
        lambda: M('Card Number:\u00a0', (A.CC, nbsp(A.fmt_card(A.card('visa'))))),
        lambda: M('numero de carte ', (A.CC, A.fmt_card(A.card('mc'))), ' exp ', A.exp()),
    ],
    'US_SSN': [
        lambda: M('Caller verified with SSN ', (A.SSN, said(ssn())), ' per the phone transcript'),
        lambda: M('SSN\u00a0', (A.SSN, bidi(ssn()))),
        lambda: M('ssn# ', (A.SSN, fw(ssn())), ' pls run the wage match'),
        lambda: M('Name: ', name(), '\nSSN:\n', (A.SSN, ssn()), '\nProgram: TANF'),
        lambda: M('SSN ', (A.SSN, deva(ssn())), ' - वेतन रिकॉर्ड'),
    ],
    'US_ITIN': [
        lambda: M('ITIN ', (A.ITIN, zwsp(itin(''))), ' — renewal letter CP565 attached'),
        lambda: M('número de identificación personal del contribuyente (ITIN): ', (A.ITIN, itin())),
    ],
    'ABA_ROUTING': [
        lambda: M('routing ', (A.ABA, arabic(aba())), ' acct ', (A.ACCT, arabic(account()))),
        lambda: M('Routing #\n', (A.ABA, aba()), '\nAccount #\n', (A.ACCT, account())),
    ],
    'US_BANK_ACCOUNT': [
        lambda: M('acct no ', (A.ACCT, fw(account()))),
        lambda: M('Payee: ', name(), '; Bank acct: ', (A.ACCT, account()), '; Type: savings; Bank: BECU'),
    ],
    'US_PASSPORT': [
        lambda: M('passport# ', (A.PP, zwsp(A.passport()))),
        lambda: M('Passnummer: ', (A.PP, A.passport()), ' (US-Reisepass)'),
        lambda: M('his passport is ', (A.PP, A.passport()), ', the visa page is torn'),
    ],
    'US_DRIVER_LICENSE': [
        lambda: M('DL ', (A.DL, zwsp(dl('TX'))), ' TX, verified in NLETS'),
        lambda: M('OH DL# ', (A.DL, dl('OH')), ' — reinstatement fee paid'),
        lambda: M('MA license ', (A.DL, dl('MA')), ' expired, needs road test'),
        lambda: M('Colorado DL ', (A.DL, dl('CO')), ' was surrendered, issuing WA'),
        lambda: M('NH lic no ', (A.DL, dl('NH'))),
        lambda: M('drivers license:\n', (A.DL, dl('AZ')), '\n(Arizona)'),
        lambda: M('CDL number ', (A.DL, dl('KS')), ' KS, medical card expired'),
        lambda: M('HI DL ', (A.DL, dl('HI'))),
    ],
    'DOB': [
        lambda: M('birthday ', (A.DOB, birth_date(3, (2008, 2008))), ' — turns 18 so case transitions to adult services'),
        lambda: M('DOB ', (A.DOB, zwsp(birth_date(0)))),
        lambda: M('date de naissance : ', (A.DOB, birth_date(4))),
        lambda: M('Last Name\tFirst Name\tDate of Birth\n', last(), '\t', first(), '\t', (A.DOB, birth_date(0))),
    ],
    'SECRET': [
        lambda: M('heads up, the Slack token ', (B.SEC, B.slack_bot()), ' got pasted in #general, revoking now'),
        lambda: M('Authorization: token ', (B.SEC, B.ghp())),
        lambda: M('GOOGLE_MAPS_API_KEY: ', (B.SEC, B.gapi())),
    ],
    'PASSWORD': [
        lambda: M('wifi: StateGuest / ', (B.PW, B.human_pw())),
        lambda: M('Kennwort: ', (B.PW, B.human_pw())),
        lambda: M('the admin password on the kiosk is ', (B.PW, B.rand_pw()), ' until Monday'),
        lambda: M('pw: ', (B.PW, zwsp(B.human_pw()))),
    ],
    'CLASSIFICATION': [
        lambda: M('Data Category: ', (B.CL, 'Category 3 (Confidential)'), '\nSystem: ACES'),
        lambda: M((B.CL, 'CUI//SP-PRVCY//FEDCON'), '\nWage records for the match file, SFT only'),
        lambda: M('Sensitivity: ', (B.CL, 'Confidential'), ' | Retention: 6y'),
        lambda: M((B.CL, '\uff23\uff35\uff29//\uff33\uff30-\uff30\uff32\uff36\uff23\uff39'), '\nroster attached (pasted from the PDF)'),
    ],
    'ENCODED_BINARY': [
        lambda: M('```\n', (B.ENC, xxd(blob('pdf', 64))), '\n```'),
        lambda: M('logo as it came out of the pdf text layer: ', (B.ENC, '\uff44\uff41\uff54\uff41' + B.png_uri()[4:])),
        lambda: M('bytes.fromhex("', (B.ENC, blob('zip', 40).hex()), '")'),
    ],
    'PRIVATE_KEY': [
        lambda: M('key from the windows box (CRLF):\r\n', (B.PK, B.pem('RSA PRIVATE KEY', 900, 'MIIEpQIBAAKCAQEA').replace('\n', '\r\n'))),
    ],
    'PHI': [
        lambda: M('Re: ', (B.PHI, name()), ' — psych hold extended 72 hrs, DCR notified'),
        lambda: M('client ', (B.PHI, name()), ' reports HIV meds were stolen, needs emergency refill'),
        lambda: M('Cliente: ', (B.PHI, name()), ' - diagnóstico de depresión mayor, cita con psiquiatría el lunes'),
        lambda: M('pt ', (B.PHI, name()), ' H\u200bIV+ and hep B co-infection, ID clinic f/u'),
        lambda: M('worker note: ', (B.PHI, case_no()), ' — child has type 1 diabetes, foster parent trained on insulin'),
    ],
}
