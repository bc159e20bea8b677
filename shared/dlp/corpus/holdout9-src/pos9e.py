"""Holdout9 positive templates, part E: agency workflows mixing types, markings with varied context, header
rows naming later values, values split across lines, bilingual and dictated notes (written blind)."""
from lib9 import L, LL, R, ssn, itin, card, aba, acct, passport, dob, date_recent, secret, digits, letters, \
    mrn, fw, zw, arabic, nbh, emdash, figsp, bom, rlo, b64, wrap, f_pdf, f_png, xxd, esc, f_zip, hexdump_c, f_jpg
from lib9x import nm, fn, ln, nm_rev, ini, spaced, spelled, dl9, case9, claim_ui, ticket, doc_num, phone, password9 as password

TOPIC = ['gang intel summary', 'OT audit findings', 'juvenile placement list', 'tax delinquency sample',
         'grand jury scheduling', 'fraud referral', 'layoff planning draft', 'cyber incident timeline',
         'facility vulnerability survey', 'bid evaluation scores', 'witness list', 'EBT skimming report']

def _t(): return R.choice(TOPIC)
def _c(v): return L('CLASSIFICATION', v)
def _h(v): return L('PHI', v)


P_E = [
    # ---- markings in varied messages ------------------------------------------------------------------------
    lambda: f"{_c('CUI//SP-PRVCY')}\n{_t()} for {date_recent('long')} attached - limited dissemination",
    lambda: f"Subject: {_t()}\nClassification: {_c(R.choice(['Confidential', 'Restricted', 'Sensitive']))}\n\nsee attached",
    lambda: f"{_c('Category 4')} – Confidential Information Requiring Special Handling\n{_t()}, {R.randint(12, 400)} records",
    lambda: f"heads up the {_t()} is {_c('Category 3')} (confidential), so SFT only",
    lambda: f"({_c('CUI')}) {_t()} - numbers below are preliminary",
    lambda: f"{_c('CONTROLLED')}\nControlled by: DOR\nCUI Category: {_c('TAX')}\nPOC: {nm()}, {phone()}\n\n{_t()}",
    lambda: f"{_c('SECRET//NOFORN')}\n(sample from the fusion center liaison, {_t()})",
    lambda: f"Sensitivity: {_c('Confidential')} \\ Internal\n{_t()} v{R.randint(2, 9)}",
    lambda: f"DATA CLASSIFICATION - {_c('RESTRICTED')}\n{_t()}",
    lambda: f"[{_c('CONFIDENTIAL')}] {_t()} — please don't forward",
    lambda: f"{_c('(U//LES)')} {_t()}: subject vehicle seen at the port of entry",
    lambda: f"Clasificación de datos: {_c('Categoría 3')} — {_t()}",
    lambda: f"level: {_c('Confidential')} (CA SAM 5305.5)\n{_t()}",
    lambda: f"this doc is {_c('CUI//SP-CTI')}; {_t()} draft {R.randint(1, 5)}",
    lambda: f"{_c('TLP:RED')} {_t()} - named recipients only",
    # ---- tables, header names the column ------------------------------------------------------------------
    lambda: f"Last\tFirst\tSSN\tDOB\n{ln()}\t{fn()}\t{L('US_SSN', ssn())}\t{L('DOB', dob('us'))}\n{ln()}\t{fn()}\t{L('US_SSN', ssn())}\t{L('DOB', dob('us'))}",
    lambda: f"| Claimant | Acct | Routing |\n|---|---|---|\n| {nm()} | {L('US_BANK_ACCOUNT', acct())} | {L('ABA_ROUTING', aba())} |",
    lambda: f"EmpID,Name,BirthDate,DL\n{digits(6)},{nm()},{L('DOB', dob('iso'))},{L('US_DRIVER_LICENSE', dl9('WA'))}",
    lambda: f"Traveler;Passport No;Nationality\n{nm()};{L('US_PASSPORT', passport())};USA\n{nm()};{L('US_PASSPORT', passport())};USA",
    lambda: f"client | dx | case\n{_h(nm())} | schizoaffective | {_h(case9())}\n{_h(nm())} | FASD | {_h(case9())}",
    lambda: f"TIN\tName\tType\n{L('US_ITIN', itin())}\t{nm()}\tITIN\n{L('US_SSN', ssn())}\t{nm()}\tSSN",
    # ---- split values, labels after, multi-type intake -----------------------------------------------------------
    lambda: f"ssn is {L('US_SSN', ssn()[:6] + chr(10) + digits(1) + '8' + digits(2))} (sorry hit enter)",
    lambda: f"card {L('CREDIT_CARD', (lambda c: c[:9] + chr(10) + c[10:])(card('visa')))} exp 04/29",
    lambda: f"APPLICANT: {nm_rev()}\nSSN: {L('US_SSN', ssn())}\nDOB: {L('DOB', dob('us'))}\nDL/ID: {L('US_DRIVER_LICENSE', dl9('OR'))} (OR)\nHH size: 4",
    lambda: f"Intake {case9()}\nChild: {fn()} {ln()}, DOB {L('DOB', dob('us', 2012, 2024))}\nMother: {nm()}, SSN {L('US_SSN', ssn())}",
    lambda: f"Offender: {nm_rev()} DOC#{doc_num()}\nDOB: {L('DOB', dob('short'))}  SSN: {L('US_SSN', ssn())}\nSupervision level: HV",
    lambda: f"payroll change form - {nm()}\nnew direct deposit: {L('ABA_ROUTING', aba())} / {L('US_BANK_ACCOUNT', acct())}\neffective {date_recent('us')}",
    lambda: f"dictated: patient {_h(nm())} date of birth {LL(['DOB', 'PHI'], spaced(dob('us2')))} diagnosis congestive heart failure",
    lambda: f"la señora {_h(nm())} tiene diabetes y presión alta, necesita cita con el médico",
    lambda: f"Nota: {_h(nm())} — embarazada de 30 semanas, preeclampsia, hospitalizada",
    lambda: f"screen reader copy: S S N, {L('US_SSN', ' '.join(ssn('plain')))}, end",
    lambda: f"{nm()} card number {L('CREDIT_CARD', figsp(card('mc', 'dash')))}",
    lambda: f"SSN{L('US_SSN', ssn('plain'))}",
    lambda: f"voicemail transcript: hi this is {fn()} my social is {L('US_SSN', spelled(ssn()))} please call me back",
    lambda: f"soc sec {L('US_SSN', bom(ssn()))}",
    lambda: f"ssn {L('US_SSN', rlo(ssn()))}",
    lambda: f"DL# {L('US_DRIVER_LICENSE', arabic(dl9('TX')))} TX",
    lambda: f"ITIN (starts w/ 9): {L('US_ITIN', itin())} — read it back twice",
    lambda: f"acct {L('US_BANK_ACCOUNT', emdash(digits(4) + '-' + digits(6)))} at WSECU",
    lambda: f"new hire packet {nm()}:\nI-9: passport {L('US_PASSPORT', passport())}\nW-4 on file\nDD: RTN {L('ABA_ROUTING', aba())} acct {L('US_BANK_ACCOUNT', acct())}",
    # ---- mixed technical -------------------------------------------------------------------------------------
    lambda: f"{ticket()} vendor sent creds in the ticket body, copying here before I scrub it:\nuser: {fn().lower()}_admin\npassword: {L('PASSWORD', password())}\napi key: {L('SECRET', secret('sendgrid'))}",
    lambda: f"appsettings.json\n{{\n  \"ConnectionStrings\": {{ \"Db\": \"Server=sql-ui-prod;Database=UI;User Id=ui_svc;Password={L('SECRET', password())};\" }}\n}}",
    lambda: f"$env:GH_TOKEN = \"{L('SECRET', secret('ghs'))}\"",
    lambda: f"jwt from the browser devtools: {L('SECRET', secret('jwt'))}",
    lambda: f"the pdf the claimant uploaded, base64 from the API log:\n{L('ENCODED_BINARY', wrap(b64(f_pdf(200))))}",
    lambda: f"png bytes: {L('ENCODED_BINARY', esc(f_png(40)))}",
    lambda: f"hexdump -C of the .zip the vendor sent\n{L('ENCODED_BINARY', hexdump_c(f_zip(64)).rstrip())}",
    lambda: f"Content-Transfer-Encoding: base64\n\n{L('ENCODED_BINARY', wrap(b64(f_jpg(220))))}",
    lambda: f"pw for the kiosk: {L('PASSWORD', password())} (kiosk {R.randint(1, 9)} at the Lacey office)",
    lambda: f"contraseña nueva {L('PASSWORD', password())}, cámbiala después",
    lambda: f"Re: locked out\n> what did you set it to?\n{L('PASSWORD', password())}",
]
