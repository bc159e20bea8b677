"""Holdout9 hard negatives (written blind): nothing here is sensitive under the project's conventions."""
import hashlib, string, uuid
from lib9 import R, rnd, digits, letters, HEX, A62, date_recent, ed25519_pub, ed25519_pem_pub, not_aba, luhn_ok, rb
from lib9x import nm, fn, ln, ticket, req, po, docket, case9, claim_ui, phone, zip4


def uid(): return str(uuid.UUID(int=R.getrandbits(128), version=4))
def sha256(): return hashlib.sha256(rb(32)).hexdigest()
def sha1(): return hashlib.sha1(rb(20)).hexdigest()
def md5(): return hashlib.md5(rb(16)).hexdigest()
def not_luhn16():
    while True:
        v = '7' + digits(15)
        if not luhn_ok(v):
            return v
def ein(): return f'{R.choice(["91", "94", "20", "45"])}-{digits(7)}'
def meet(): return f'{digits(3)} {digits(3)} {digits(3)} {digits(3)}'


N = [
    # ---- sample numbers, partial numbers --------------------------------------------------------------------
    lambda: "training deck uses 078-05-1120 as the example SSN — that's the old Woolworth wallet card number, fine to show",
    lambda: "use 219-09-9999 in the test env, it's the SSA sample number",
    lambda: f"QA: payment page accepts 4111 1111 1111 1111 again after build {R.randint(100, 999)}",
    lambda: "stripe test card 4242 4242 4242 4242, any future exp, any CVC",
    lambda: f"card ending in {digits(4)} was charged twice for the {R.choice(['CLE', 'IAPP', 'GFOA'])} registration",
    lambda: f"last four of SSN only on the cover sheet please (e.g. xxx-xx-{digits(4)} style)",
    lambda: "SSN format is ###-##-#### - the field rejects dashes though",
    lambda: "ITINs always start with 9 and the middle digits are 50-65, 70-88, 90-92 or 94-99",
    lambda: f"EIN for the vendor is {ein()}, W-9 received",
    lambda: f"UBI 60{digits(1)} {digits(3)} {digits(3)} - business license renewed",
    lambda: f"confirmation # {not_aba()} for the hotel block",
    lambda: f"UPS tracking 1Z{rnd(6, string.ascii_uppercase + string.digits)}{digits(10)}",
    lambda: f"USPS 9400 {digits(4)} {digits(4)} {digits(4)} {digits(4)} {digits(2)}",
    lambda: f"order number {not_luhn16()} from CDW",
    lambda: f"NPI {R.choice(['1', '2'])}{digits(9)} for the provider enrollment",
    lambda: f"call me at {phone()}, desk line",
    lambda: f"mail to PO Box {R.randint(40000, 49999)}, Olympia WA {zip4()}",
    lambda: f"VIN {rnd(17, 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789')} on the fleet vehicle",
    lambda: f"plate {letters(3)}{digits(4)} parked in the visitor spot",
    lambda: f"GL account {digits(4)}-{digits(3)} office supplies, cost center {digits(5)}",
    lambda: f"account {fn().lower()}{digits(2)} is locked again, 5 bad attempts",
    lambda: f"invoice INV-{digits(6)} net 30, PO {po()}",
    lambda: f"case {case9()} reassigned to {fn()}",
    lambda: f"claim {claim_ui()} - employer protest received, fact-finding scheduled {date_recent('us')}",
    lambda: f"docket {docket()} continued to {date_recent('long')}",
    lambda: f"{ticket()} closed - printer on 3rd floor fixed",
    lambda: f"{req()} approved: 2 monitors for {fn()}",
    lambda: f"RCW 42.56.230 exempts personal info in files maintained for welfare recipients",
    lambda: f"HB {R.randint(1000, 2000)} passed the house {R.randint(50, 98)}-{R.randint(0, 47)}",
    lambda: f"IP {R.randint(10, 10)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)} is the new print server",
    lambda: f"MAC {':'.join(rnd(2, '0123456789ABCDEF') for _ in range(6))} added to the NAC allow list",
    lambda: f"version {R.randint(1, 20)}.{R.randint(0, 30)}.{R.randint(0, 300)} deployed to UAT",
    lambda: f"routing the Medicaid renewal packet to {fn()} for second-level review",
    lambda: f"DL office hours changed: Mon-Thu 8-5, closed {date_recent('long')}",
    lambda: f"bring your passport or REAL ID to the federal building after May 7",
    lambda: f"fishing license #{digits(9)} for the WDFW volunteer day",
    lambda: f"contractor license {letters(6)}{digits(3)}{letters(2)} verified on L&I's lookup",
    lambda: f"passport photos are $15 at the county auditor, cash only",
    # ---- dates that are not birth dates ------------------------------------------------------------------
    lambda: f"hire date {date_recent('us')}, probation ends six months later",
    lambda: f"appt on {date_recent('us')} at 2pm with the eligibility worker",
    lambda: f"hearing set for {date_recent('long')}; interpreter requested (Somali)",
    lambda: f"birthday cake for {fn()} friday {date_recent('short')} in the break room!",
    lambda: "DOB must be entered as MM/DD/YYYY or the interface rejects the record",
    lambda: f"effective date {date_recent('iso')}, end date {date_recent('iso')}",
    # ---- passwords that are not there ------------------------------------------------------------------
    lambda: "password: sent to you separately via Signal",
    lambda: "pw is in the team KeePass under 'Scanner admin'",
    lambda: "password: (see CyberArk, safe DSHS-ESA)",
    lambda: "DB_PASSWORD=${DB_PASSWORD}",
    lambda: "db:\n  user: ui_app\n  password:\n  host: pg-prod-3",
    lambda: f"password: ********  (masked in the screenshot)",
    lambda: f"<add key=\"DbPassword\" value=\"%DB_PASSWORD%\" />",
    lambda: "password = os.environ['SMTP_PASSWORD']",
    lambda: "passwords must be at least 14 characters and can't reuse the last 24",
    lambda: f"reset your password at https://myaccount.{R.choice(['wa', 'tx', 'ny'])}.gov before {date_recent('us')}",
    lambda: f"I forgot my password again lol, ticket {ticket()}",
    lambda: "temp password will be emailed from the service desk, not in chat",
    lambda: f"password expired for {fn().lower()}.{ln().lower()}, unlocked in AD",
    lambda: f"Zoom: Meeting ID {digits(3)} {digits(4)} {digits(4)} Passcode: {digits(6)}",
    lambda: f"Microsoft Teams meeting\nMeeting ID: {meet()}\nPasscode: {rnd(6, string.ascii_letters + string.digits)}",
    lambda: f"dial-in +1 {phone()}, conference ID {digits(9)}#",
    lambda: f"door code for the server room changed, ask facilities",
    # ---- secrets that are not secrets ------------------------------------------------------------------
    lambda: f"<input type=\"hidden\" name=\"csrf_token\" value=\"{rnd(40, A62)}\">",
    lambda: f"__RequestVerificationToken={rnd(60, A62 + '-_')}",
    lambda: f"sha256 of the installer: {sha256()}",
    lambda: f"commit {sha1()} fixed the date parsing",
    lambda: f"md5 {md5()}  claims_export.csv",
    lambda: f"correlation id {uid()} in the 500 error",
    lambda: f"tenant id {uid()}, client id {uid()}",
    lambda: f"my public key for the sftp: {ed25519_pub()} {fn().lower()}@laptop",
    lambda: f"public key for encrypting the file to us:\n{ed25519_pem_pub()}",
    lambda: "rotate AWS_SECRET_ACCESS_KEY and GITHUB_TOKEN in the pipeline vars by Friday",
    lambda: "the API key for the maps widget lives in Key Vault as maps-api-key",
    lambda: f"token expired at {R.randint(1, 12)}:{R.randint(10, 59)}, re-auth and retry",
    lambda: "client_secret: <from Azure portal>",
    lambda: "SLACK_BOT_TOKEN=xoxb-your-token-here",
    lambda: "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE (from the AWS docs, for the workshop)",
    lambda: f"Twilio account SID AC{rnd(32, HEX)} is fine to share, the token is not",
    lambda: f"request id {rnd(8, HEX)}-{rnd(4, HEX)} returned 429",
    lambda: f"ETag: \"{md5()}\"",
    lambda: f"build artifact digest sha256:{sha256()}",
    # ---- category names, policy reminders ------------------------------------------------------------------
    lambda: "reminder: no SSNs, DOBs, bank account numbers or passwords in Teams or IM - use secure file transfer",
    lambda: "Category 3 and Category 4 data must be encrypted at rest per OCIO 141.10",
    lambda: "is the roster CUI? if so we need the banner and the designation block",
    lambda: "CUI basic training due by end of month, link in the LMS",
    lambda: "the data classification standard has four categories: public, sensitive, confidential, confidential w/ special handling",
    lambda: f"Position classification: {R.choice(['IT Specialist 4', 'Administrative Assistant 3', 'Financial Examiner 2', 'WMS Band 2'])}",
    lambda: f"job class {R.choice(['Social Service Specialist 3', 'Corrections Officer 2', 'Revenue Agent 3'])}, range {R.randint(40, 70)}",
    lambda: "restricted parking in lot C during the legislative session",
    lambda: "the secret to the potluck chili is smoked paprika",
    lambda: "category 3 storm warning for the coast tonight, EOC on standby",
    lambda: f"confidential informant policy (DOC {R.randint(100, 999)}.{R.randint(100, 999)}) was updated — read and sign",
    lambda: "TLP definitions: CLEAR, GREEN, AMBER, AMBER+STRICT, RED - see CISA site",
    lambda: "what's the difference between FOUO and CUI? asking for the records retention training",
    lambda: "PHI includes names, dates, MRNs - the 18 HIPAA identifiers - keep them out of chat",
    lambda: "please don't paste private keys or tokens into tickets, attach via the secure portal",
    lambda: "Sensitivity labels roll out to Outlook next week; default is General",
    # ---- health words with no person --------------------------------------------------------------------
    lambda: f"flu shot clinic {date_recent('long')} in the cafeteria, bring your insurance card",
    lambda: "COVID boosters available at the employee health fair, no appointment needed",
    lambda: "diabetes prevention program brochure is in the lobby rack",
    lambda: "the HIV testing van will be at the county fair Saturday",
    lambda: "EAP offers free counseling for depression and anxiety - 1-877 number on the intranet",
    lambda: f"our caseload has {R.randint(20, 90)} clients with diabetes this quarter (aggregate, for the report)",
    lambda: "hepatitis A outbreak guidance from DOH attached, for food service contractors",
    lambda: "I'm out sick today, migraine. back tomorrow",
    lambda: "training: recognizing signs of opioid overdose, Narcan kits in each office",
    lambda: f"mental health first aid cert class {date_recent('short')}, 8 seats left",
    # ---- encoded-looking text that is not a binary ---------------------------------------------------
    lambda: f"colors: #{rnd(6, HEX)} #{rnd(6, HEX)} #{rnd(6, HEX)}",
    lambda: f"IPv6 2001:db8:{rnd(4, HEX)}:{rnd(4, HEX)}::{rnd(3, HEX)}",
    lambda: f"image at https://intranet.agency.gov/img/{uid()}.png",
    lambda: f"serial numbers: {rnd(12, string.ascii_uppercase + string.digits)}, {rnd(12, string.ascii_uppercase + string.digits)}",
    lambda: f"asset tag {letters(2)}{digits(6)} for the laptop",
    lambda: f"Base64 is just an encoding, not encryption - don't use it to 'protect' files",
    lambda: f"SELECT * FROM claims WHERE claim_id = '{claim_ui()}' AND status = 'OPEN';",
    lambda: f"Lic. plate and VIN go in section 4; DL number goes in section 5 (leave blank if none)",
    lambda: f"{nm()} approved for telework Mon/Wed",
    lambda: f"Fwd: staff meeting\n\nFrom: {nm()}\nSent: {date_recent('long')}\nAgenda: budget, hiring freeze, parking.\n\nThanks,\n{fn()}",
]
