"""Holdout9 positive templates, part B: passports, driver licences, dates of birth (written blind)."""
from lib9 import L, LL, R, ssn, passport, passport_card, dob, date_recent, fw, zw, arabic, deva, persian, nbh, shy, \
    digits, letters, bom, mono
from lib9x import nm, fn, ln, nm_rev, ini, spaced, dl9, case9, doc_num


def _p(): return L('US_PASSPORT', passport())
def _d(st): return L('US_DRIVER_LICENSE', dl9(st))
def _b(fmt=None): return L('DOB', dob(fmt))


P_B = [
    # ---- US_PASSPORT --------------------------------------------------------------------------------------
    lambda: f"REAL ID alt doc: applicant presented US passport {_p()}, exp 2031",
    lambda: f"PassportNo: {_p()}",
    lambda: f"travel auth for {nm()} (Ottawa conf) - passport number {_p()}, DOB {_b('us')}",
    lambda: f"passport # {_p()} issued by State Dept, name matches",
    lambda: f"ID verified w/ passport card {L('US_PASSPORT', passport_card())}",
    lambda: f"Pasaporte: {_p()}  Nacionalidad: EE.UU.",
    lambda: f"{_p()} - that's her passport no., she doesn't have a license yet",
    lambda: f"traveler,passport,expires\n{nm()},{_p()},{date_recent('iso')}\n{nm()},{_p()},{date_recent('iso')}",
    lambda: f"I-9 List A doc: U.S. Passport\nDocument #: {_p()}\nExp: {date_recent('us')}",
    lambda: f"passport number is {L('US_PASSPORT', spaced(digits(9)))}",
    lambda: f"psprt {_p()} pls add to the travel profile",
    lambda: f"Passport No. {L('US_PASSPORT', fw(passport()))}",
    lambda: f"passport: {L('US_PASSPORT', zw(digits(9), chr(0x2060)))}",
    lambda: f"Fwd: visa letter\n\nPlease include my passport details: {nm()}, passport {_p()}, valid through 2033.\n\nThanks,\n{fn()}",
    lambda: f"the passport on file ({_p()}) is expired, need the new one",
    lambda: f"US passport nbr {L('US_PASSPORT', arabic(digits(9)))}",
    # ---- US_DRIVER_LICENSE --------------------------------------------------------------------------------
    lambda: f"DMV counter: renewal for {nm()}, WA DL {_d('WA')}, vision test passed",
    lambda: f"CA driver license {_d('CA')} - suspended per DMV abstract",
    lambda: f"DLNumber={_d('TX')}&state=TX",
    lambda: f"driving permit {_d('GA')} (GA), learner",
    lambda: f"NY lic {_d('NY')}",
    lambda: f"Operator's license: {_d('MA')}  class D",
    lambda: f"FL DL# {_d('FL')}",
    lambda: f"IL drivers license number {_d('IL')}",
    lambda: f"old WA license {_d('WA-old')} still on the citation",
    lambda: f"NC DL {_d('NC')} - the officer wrote it on the ticket",
    lambda: f"licencia de conducir {_d('AZ')} (Arizona)",
    lambda: f"{_d('PA')} is his PA license, expired 2024",
    lambda: f"name,state,dl_no\n{nm()},MI,{_d('MI')}\n{nm()},NJ,{_d('NJ')}",
    lambda: f"Driver's Lic. No.: {_d('MD')}",
    lambda: f"CDL {_d('OH')} - medical cert on file",
    lambda: f"MT DL {_d('MT-old')} (old format)",
    lambda: f"ID card / DL: {_d('CO')}",
    lambda: f"probation: client's license {_d('VA')} reinstated as of monday",
    lambda: f"the license number is {L('US_DRIVER_LICENSE', spaced(dl9('SC')))} south carolina",
    lambda: f"Wisconsin DL {L('US_DRIVER_LICENSE', nbh(dl9('WI')))}",
    lambda: f"DL {L('US_DRIVER_LICENSE', fw(dl9('CA')))}",
    lambda: f"driver lic {L('US_DRIVER_LICENSE', shy(dl9('MN')))} MN",
    lambda: f"OLN {_d('KS')}",
    lambda: f"Lic # {_d('NE')} Nebraska — towing report",
    lambda: f"court: defendant {nm_rev()}, DL {_d('TN')} TN, FTA on 11/2",
    # ---- DOB ------------------------------------------------------------------------------------------------
    lambda: f"DOB {_b('us')}",
    lambda: f"client born {_b('long')} per birth cert",
    lambda: f"date of birth: {_b('iso')}",
    lambda: f"Fecha de nacimiento: {_b('dmy')}",
    lambda: f"D.O.B. {_b('short')} — matches the Medicaid card",
    lambda: f"{nm()} ({_b('us')}) in line for the written test",
    lambda: f"birthdate {_b('us2')}",
    lambda: f"name|dob|county\n{nm()}|{_b('us')}|Spokane\n{nm()}|{_b('us')}|Yakima",
    lambda: f"bday is {_b('long')} for the HR record",
    lambda: f"DateOfBirth: {_b('iso')}",
    lambda: f"Born: {_b('dlong')}",
    lambda: f"Re: verify identity\n> what's your date of birth\n{_b('us')}",
    lambda: f"DOB\n{_b('us')}\n(on second line of the form)",
    lambda: f"b. {_b('us')} in Tacoma",
    lambda: f"youth intake - minor {fn()}, d.o.b. {_b('short')}",
    lambda: f"fecha de nac. {L('DOB', arabic(dob('us')))}",
    lambda: f"dob {L('DOB', fw(dob('us')))}",
    lambda: f"DOB: {L('DOB', zw(dob('iso'), chr(0x200b)))}",
    lambda: f"date of birth is {L('DOB', spaced(dob('us2')))}",
    lambda: f"offender {nm_rev()} DOC {doc_num()} DOB {_b('us')} - release date {date_recent('us')}",
]
