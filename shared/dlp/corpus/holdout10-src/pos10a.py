"""Holdout10 positives, part A: the number types (card, SSN, ITIN, routing, account, passport, licence, DOB)."""
from lib10 import *  # noqa: F401,F403

CC, SSN, ITIN, ABA, ACCT = 'CREDIT_CARD', 'US_SSN', 'US_ITIN', 'ABA_ROUTING', 'US_BANK_ACCOUNT'
PP, DL, DOB = 'US_PASSPORT', 'US_DRIVER_LICENSE', 'DOB'


def exp(): return f'{R.randint(1, 12):02d}/{R.randint(27, 31)}'


CARD_T = [
    lambda: M('cust called back re: the renewal late fee, card is ', (CC, fmt_card(card('visa'))), f' exp {exp()}, she wants a receipt emailed'),
    lambda: (lambda f, l: M('---------- Forwarded message ---------\nFrom: ', f'{f} {l}', ' <', f'{f[0].lower()}{l.lower()}', '.home@gmail.com>\nDate: Mon, Dec 7, 2026 at 4:12 PM\nSubject: Re: copies of birth record\nTo: Vital Records <vitalrecords@health.state.gov>\n\nHi, please charge my card ', (CC, fmt_card(card('mc'), '-')), f' exp {exp()} for the two certified copies. Thanks\n', f))(first(), last()),
    lambda: M('Cardholder\tCard Number\tExp\tAmount\n', name(), '\t', (CC, card()), f'\t{exp()}\t$45.00'),
    lambda: M('she read it off to me: ', (CC, spaced(card('visa'))), ' and the 3 digit code on the back is 318'),
    lambda: M('pcard ', (CC, card('mc2')), ' got declined at Grainger again, can someone in fiscal look'),
    lambda: M('AMEX ', (CC, fmt_card(card('amex'))), f' exp {exp()} — that\'s the director\'s travel card for the NASPO conference'),
    lambda: M((CC, fmt_card(card())), ' is the agency p-card, use it for the CDW order only'),
    lambda: M('INC0048211 | Caller: ', name(), ' | Short description: citizen typed card ', (CC, fmt_card(card(), '-')), ' into the comments box on the parks reservation form, need the row purged'),
    lambda: M('P-card for the Staples order:\n', (CC, fmt_card(card('visa'))), f'\nexp {exp()} / CVV 412 / cardholder ', name()),
    lambda: M('número de tarjeta: ', (CC, fmt_card(card('visa'))), ' vence ', exp()),
    lambda: M('card:\n', (CC, fmt_card(card('disc'))), f'\n{exp()}'),
    lambda: M('cc# ', (CC, fw(fmt_card(card('visa')))), ' pls run the $25 reinstatement fee'),
    lambda: M('can you void and rerun? first attempt used ', (CC, endash(fmt_card(card('mc'), '-'))), ' by mistake, the right one is on the form'),
    lambda: M('Credit card no. ', (CC, zwsp(card('visa'))), ' — dispute filed w/ US Bank'),
    lambda: M('payment info from the walk-in: MC ', (CC, card('mc')), ' ', exp(), ' zip 98501'),
]

SSN_T = [
    lambda: M('SSN ', (SSN, ssn()), ' for claimant ', name(), ', initial UI claim filed 11/30'),
    lambda: M('ss# ', (SSN, ssn('')), ' pls verify in SOLQ'),
    lambda: M('her social is ', (SSN, ssn()), ' and she says SSA already fixed the name'),
    lambda: M('Last,First,SSN,Hire Date\n', last(), ',', first(), ',', (SSN, ssn()), ',2024-03-11\n', last(), ',', first(), ',', (SSN, ssn()), ',2025-07-28'),
    lambda: (lambda a, g, s: M('SSN: ', (SSN, f'{a}-{g}{s}'), ' (that is how it is keyed in the old system)'))(*ssn_parts()),
    lambda: (lambda a, g, s: M('soc sec no ', (SSN, f'{a}{g}-{s}'), ' on the W-4, looks mistyped'))(*ssn_parts()),
    lambda: M((SSN, ssn()), ' is his SSN, the 1099-G came back undeliverable'),
    lambda: M('SSN: ', (SSN, arabic(ssn()))),
    lambda: M('Número de Seguro Social: ', (SSN, ssn()), ' — la clienta no tiene ITIN'),
    lambda: M('From: HR Payroll <payroll@das.state.gov>\nSubject: W-4 correction\n\nEmployee: ', name(), '\nSSN: ', (SSN, ssn()), '\nEffective: next pay period\n\n--\nPayroll Services | Dept. of Administrative Services'),
    lambda: M('SSN on the application is ', (SSN, ssn()), ' but the SVES response says mismatch, sending to the worker'),
    lambda: M('Social Security #\n', (SSN, ssn())),
    lambda: M('social security number ', (SSN, zwsp(ssn()))),
    lambda: M('vendor is a sole prop, TIN ', (SSN, ssn()), ' on the W-9 they sent'),
    lambda: M('ssn ', (SSN, ssn(' ')), ' dob on file matches'),
    lambda: M('pls update the garnishment order, obligor SSN ', (SSN, endash(ssn())), ' employer FEIN 91-1234567'),
    lambda: M('{"firstName":"', first(), '","lastName":"', last(), '","ssn":"', (SSN, ssn('')), '","county":"Pierce"}'),
    lambda: M('SocSecNo=', (SSN, ssn()), '&caseType=SNAP'),
]

ITIN_T = [
    lambda: M('ITIN ', (ITIN, itin()), ' on the 1040, spouse has no SSN'),
    lambda: M("taxpayer's ITIN: ", (ITIN, itin())),
    lambda: M('Individual Taxpayer Identification Number ', (ITIN, itin()), ' expired — W-7 renewal went out 10/2'),
    lambda: M('itin ', (ITIN, itin('')), ' pls match to the amended return'),
    lambda: M('Name|TIN type|TIN\n', name(), '|ITIN|', (ITIN, itin()), '\n', name(), '|ITIN|', (ITIN, itin())),
    lambda: M((ITIN, itin()), ' (ITIN) for the dependent, keyed on line 4'),
    lambda: M('Número ITIN: ', (ITIN, itin()), ' — contribuyente pide plan de pagos'),
    lambda: M('Audit note: primary filer uses ITIN ', (ITIN, itin()), '; W-2 shows an SSN that belongs to someone else, referred to fraud unit'),
    lambda: M('ITIN ', (ITIN, fw(itin()))),
    lambda: M('TIN ', (ITIN, itin()), ' for the rental property owner, 1099-MISC'),
    lambda: M('ITIN:\n', (ITIN, itin())),
    lambda: M('the preparer keyed ', (ITIN, itin()), ' as the ITIN but the IRS letter has a different one'),
    lambda: M('itin # ', (ITIN, deva(itin()))),
    lambda: M('Taxpayer ID (ITIN) ', (ITIN, itin(' ')), ' / tax year 2025 / refund held'),
    lambda: M('ITIN=', (ITIN, itin()), '; filing_status=HOH'),
    lambda: M('mi ITIN es ', (ITIN, itin()), ' gracias'),
]

ABA_T = [
    lambda: M('routing ', (ABA, aba()), ' account ', (ACCT, account()), ' — vendor change request, call back to verify first'),
    lambda: M('ABA: ', (ABA, aba())),
    lambda: M('RTN ', (ABA, aba()), ' / DDA ', (ACCT, account())),
    lambda: M('Direct Deposit Authorization\nBank: Sound Community CU\nRouting Number: ', (ABA, aba()), '\nAccount Number: ', (ACCT, account()), '\nType: Checking'),
    lambda: M('routing # is ', (ABA, aba()), ' i think, the check image is blurry'),
    lambda: M((ABA, aba()), ' is the routing for the credit union, acct ', (ACCT, account()), ' savings'),
    lambda: M('ach:\n  routing_number: "', (ABA, aba()), '"\n  account_number: "', (ACCT, account()), '"\n  sec_code: PPD'),
    lambda: M('número de ruta ', (ABA, aba()), ', número de cuenta ', (ACCT, account())),
    lambda: M('vendor_id,aba,acct\nV10443,', (ABA, aba()), ',', (ACCT, account()), '\nV10587,', (ABA, aba()), ',', (ACCT, account())),
    lambda: M('routing no. ', (ABA, fw(aba()))),
    lambda: M('refund via EFT: routing ', (ABA, aba()), '\naccount\n', (ACCT, account())),
    lambda: M('ABA routing number:', (ABA, aba()), ' (Key Bank)'),
    lambda: M('bank routing ', (ABA, zwsp(aba())), ' acct # ', (ACCT, account())),
    lambda: M('Routing/Transit: ', (ABA, aba()), '  Acct: ', (ACCT, account()), '  -- from the voided check she faxed'),
]

ACCT_T = [
    lambda: M('acct # ', (ACCT, account()), ' at Chase, child support garnishment goes there'),
    lambda: M('checking account ', (ACCT, account()), ' at Wells, closed per customer'),
    lambda: M('bank acct: ', (ACCT, account())),
    lambda: M('DD acct ', (ACCT, account()), ' bounced, benefit payment returned R03'),
    lambda: M('savings acct no. ', (ACCT, account()), ' for the trust'),
    lambda: M("NCP's bank account ", (ACCT, account()), ' is the one to levy, not the joint one'),
    lambda: M('BankAcctNum: ', (ACCT, account())),
    lambda: M('account number:\n', (ACCT, account())),
    lambda: M('número de cuenta bancaria ', (ACCT, account())),
    lambda: M((ACCT, account()), ' — that\'s her checking account number, she read it twice'),
]

PP_T = [
    lambda: M('passport # ', (PP, passport()), ' for the Ottawa trip'),
    lambda: M('US passport number ', (PP, passport()), ', exp 2031'),
    lambda: M('PassportNo: ', (PP, passport())),
    lambda: M('Passport No.\n', (PP, passport())),
    lambda: M((PP, passport()), ' (passport) — traveler ', name()),
    lambda: M('Foreign Travel Request\nTraveler: ', name(), '\nPassport: ', (PP, passport()), '\nIssuing country: USA\nExpiration: 05/14/2032'),
    lambda: M('pasaporte ', (PP, passport()), ' vigente'),
    lambda: M('N° de passeport : ', (PP, passport())),
    lambda: M('I-9 List A: U.S. passport, document # ', (PP, passport()), ', exp 2030'),
    lambda: M('pasport ', (PP, passport()), ' she sent a photo of it'),
    lambda: M('passport no ', (PP, arabic(passport()))),
    lambda: M('passport card number ', (PP, 'C' + digits(8))),
    lambda: M('"passportNumber": "', (PP, passport()), '",'),
    lambda: M('identity verified w/ passport ', (PP, passport()), ' at the counter'),
]

DL_STATES = [('CA', 'CA'), ('NY', 'NY'), ('FL', 'FL'), ('IL', 'IL'), ('WA_OLD', 'WA'), ('WA', 'WA'), ('TX', 'TX'),
             ('PA', 'PA'), ('MI', 'MI'), ('NJ', 'NJ'), ('WI', 'WI'), ('MN', 'MN'), ('OH', 'OH'), ('MD', 'MD'),
             ('MA', 'MA'), ('CO', 'CO'), ('AZ', 'AZ'), ('NH', 'NH'), ('KS', 'KS'), ('HI', 'HI'), ('VA', 'VA'),
             ('OR', 'OR'), ('GA', 'GA')]


def st():
    return R.choice(DL_STATES)


DL_T = [
    lambda: (lambda k, s: M(f'{s} DL ', (DL, dl(k)), ' exp 2029'))(*st()),
    lambda: (lambda k, s: M("driver's license # ", (DL, dl(k)), f' ({s})'))(*st()),
    lambda: (lambda k, s: M('DLNumber: ', (DL, dl(k)), f'  DLState: {s}'))(*st()),
    lambda: (lambda k, s: M('Operator license no. ', (DL, dl(k))))(*st()),
    lambda: (lambda k, s: M('COLLISION REPORT\nDriver 1: ', name(), '\nOLN: ', (DL, dl(k)), f'   State: {s}\nVeh: 2014 Honda Civic'))(*st()),
    lambda: (lambda k, s: M('driving permit ', (DL, dl(k)), ' — learner, needs the 50 hrs log'))(*st()),
    lambda: (lambda k, s: M('CDL # ', (DL, dl(k)), f' ({s}) disqualified 1 yr per the DUI'))(*st()),
    lambda: M((DL, dl('FL')), ' is her Florida DL, surrendered at the counter'),
    lambda: (lambda k, s: M("customer's old license was ", (DL, dl(k)), ', reissued under the new format'))(*st()),
    lambda: M('instruction permit number ', (DL, dl('MD'))),
    lambda: (lambda k, s: M('licencia de conducir ', (DL, dl(k)), f' del estado de {s}'))(*st()),
    lambda: M('WA lic ', (DL, dl('WA_OLD')), ' (old format, expired 2019)'),
    lambda: M('DL#\n', (DL, dl('IL'))),
    lambda: M('Name,DL Number,State,Class\n', name(), ',', (DL, dl('NJ')), ',NJ,D\n', name(), ',', (DL, dl('PA')), ',PA,C'),
    lambda: M("driver's lic ", (DL, fw(dl('CA')))),
    lambda: M('NY DL ', (DL, dl('NY')), ' suspended for failure to pay'),
    lambda: M('license number ', (DL, endash(dl('WI'))), ' WI'),
    lambda: M('Texas DL: ', (DL, dl('TX'))),
    lambda: M('dl no. ', (DL, dl('MI')), ' (MI)'),
]

DOB_T = [
    lambda: M('DOB ', (DOB, birth_date()), ' per the intake form'),
    lambda: M('date of birth: ', (DOB, birth_date()), ''),
    lambda: M('client ', name(), ', born ', (DOB, birth_date()), ', moved from Yakima'),
    lambda: M('D.O.B. ', (DOB, birth_date())),
    lambda: M((DOB, birth_date(0)), ' is her DOB, the system shows a different one'),
    lambda: M('Name | DOB | Case\n', name(), ' | ', (DOB, birth_date(0)), ' | ', case_no(), '\n', name(), ' | ', (DOB, birth_date(0)), ' | ', case_no()),
    lambda: M('<Person><DateOfBirth>', (DOB, birth_date(2)), '</DateOfBirth></Person>'),
    lambda: M('fecha de nacimiento: ', (DOB, birth_date(1))),
    lambda: M('DOB:\n', (DOB, birth_date())),
    lambda: M('birthdate ', (DOB, birth_date(3, (2008, 2009))), ' so he ages out of foster care next year'),
    lambda: M('Geburtsdatum: ', (DOB, birth_date(4))),
    lambda: M('child: ', first(), ', born ', (DOB, birth_date(1, (2012, 2023))), ', placed w/ maternal aunt'),
    lambda: M('date of birth - ', (DOB, birth_date(5)), ' (per birth cert)'),
    lambda: M('dob ', (DOB, fw(birth_date(0)))),
    lambda: M('offender ', name(), ' DOB ', (DOB, birth_date(6, (1950, 2005))), ' reports to Tacoma field office'),
    lambda: M('"dob": "', (DOB, birth_date(2)), '"'),
    lambda: M('DOB ', (DOB, arabic(birth_date(0)))),
    lambda: M('b-day ', (DOB, birth_date(0)), ' on her license doesnt match the birth cert'),
]
