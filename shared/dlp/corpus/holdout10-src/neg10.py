"""Holdout10 hard negatives: text that looks like the 14 types but holds nothing sensitive."""
import hashlib
import string
import uuid
from lib10 import *  # noqa: F401,F403

HEX = '0123456789abcdef'
AN = string.ascii_letters + string.digits


def uid(): return str(uuid.UUID(int=R.getrandbits(128), version=4))
def sha256(): return hashlib.sha256(rbytes(32)).hexdigest()
def sha1(): return hashlib.sha1(rbytes(20)).hexdigest()
def phone(): return f'({R.randint(206, 989)}) {R.randint(200, 999)}-{digits(4)}'
def date_any(): return R.choice([f'{R.randint(1, 12)}/{R.randint(1, 28)}/{R.randint(2025, 2027)}', f'{MONTHS[R.randint(0, 11)]} {R.randint(1, 28)}', f'2026-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}'])
def ups(): return '1Z' + rand_s(6, string.ascii_uppercase + string.digits) + digits(10)
def usps(): return '9400 1' + digits(3) + ' ' + digits(4) + ' ' + digits(4) + ' ' + digits(4) + ' ' + digits(2)
def fedex(): return digits(12)
def inc(): return R.choice(['INC', 'RITM', 'CHG', 'REQ']) + digits(7)
def b64url(n): return rand_s(n, AN + '-_')


NEG_T = [
    # placeholders and references in a password field
    lambda: M('password: <sent separately via Signal>'),
    lambda: M('DB_PASSWORD=${DB_PASSWORD}\nDB_HOST=db01.internal'),
    lambda: M('spring.datasource.password=\nspring.datasource.hikari.maximum-pool-size=10'),
    lambda: M('pw is in the vault under "ESD-UI-batch", ask ', staff(), ' for access'),
    lambda: M('password: ********  (masked in the screenshot, don\'t worry)'),
    lambda: M('POSTGRES_PASSWORD_FILE: /run/secrets/pg_password'),
    lambda: M('the password field should say CHANGE_ME in the template, never a real one'),
    lambda: M('"password": "{{ vault_svc_password }}"'),
    lambda: M("I'll call you with the password, not putting it in chat"),
    lambda: M('password: see KeePass entry "copier-admin"'),
    lambda: M('Your password expires in 5 days. Press Ctrl+Alt+Del to change it.'),
    lambda: M('forgot my password again lol, ticket ', inc(), ' opened'),
    lambda: M('password=$(aws secretsmanager get-secret-value --secret-id prod/elig/db --query SecretString --output text)'),
    # meeting passcodes, CSRF, ids
    lambda: M('Join Zoom Meeting\nhttps://zoom.us/j/', digits(11), '\nMeeting ID: ', digits(3), ' ', digits(4), ' ', digits(4), '\nPasscode: ', digits(6)),
    lambda: M('Microsoft Teams meeting\nMeeting ID: ', digits(3), ' ', digits(3), ' ', digits(3), ' ', digits(3), '\nPasscode: ', rand_s(6)),
    lambda: M('<input type="hidden" name="csrf_token" value="', b64url(43), '">'),
    lambda: M('X-CSRF-Token: ', rand_s(32, HEX), ' is missing on the POST, thats why it 403s'),
    lambda: M('correlation id ', uid(), ' — can you pull the app insights trace?'),
    lambda: M('request_id=', uid(), ' status=500 path=/api/claims/search'),
    lambda: M('conference bridge 1-877-', digits(3), '-', digits(4), ', access code ', digits(7), '#'),
    lambda: M('WebEx meeting number ', digits(4), ' ', digits(3), ' ', digits(4), ', password: ', rand_s(11)),
    # names of secrets, not values
    lambda: M('rotate STRIPE_SECRET_KEY and SENDGRID_API_KEY before Friday, the vendor offboarded'),
    lambda: M('the GITHUB_TOKEN secret in the repo settings expired, builds are failing'),
    lambda: M('aws_secret_access_key is read from the instance profile, nothing in the config'),
    lambda: M('Key Vault secret name: kv-elig-prod-sql-conn (value is NOT in this ticket)'),
    lambda: M('we need a new client secret for the Entra app reg, old one expires 1/15'),
    lambda: M('private key stays on the HSM, we only export the CSR'),
    lambda: M('where do we keep the ssh private key for the sftp job? not in git please'),
    # category reminders
    lambda: M('Reminder: never send SSNs, DOBs or bank account numbers over IM. Use the secure file transfer.'),
    lambda: M("don't paste passwords or API keys into Teams chats, use the vault"),
    lambda: M('Policy 630-04: IM shall not be used to communicate sensitive or confidential information.'),
    lambda: M('Training Thursday: handling PHI, CUI and Category 3/4 data. Room 2B, 10am.'),
    lambda: M('is this CUI? the vendor marked everything on the bid'),
    lambda: M('the new classification standard has four categories: public, sensitive, confidential, and confidential with special handling'),
    lambda: M('which fields are Category 3 under the OCIO standard? trying to fill in the data inventory'),
    lambda: M('if a customer gives you their credit card number over chat, tell them to call the payment line instead'),
    lambda: M('the intake form asks for SSN, DOB and passport number, can we drop passport?'),
    lambda: M('HIPAA refresher due by 12/31 — covers the 18 identifiers and minimum necessary'),
    # sample numbers
    lambda: M('for testing use 4111 1111 1111 1111 exp any future date, CVV 123'),
    lambda: M('test card 4242 4242 4242 4242 works in the Stripe sandbox, 5555 5555 5555 4444 for MC'),
    lambda: M('the training deck uses 078-05-1120 as the example SSN (the Woolworth wallet card one)'),
    lambda: M('use 219-09-9999 in the demo, it is the SSA advertising number'),
    lambda: M('QA data: SSN 000-00-0000 and 123-45-6789 are rejected by the validator, as expected'),
    lambda: M('Amex test number 378282246310005 should show the 4-6-5 mask'),
    # order/ticket/tracking/phone
    lambda: M('UPS ', ups(), ' — the toner shipment, should arrive Thursday'),
    lambda: M('USPS tracking ', usps(), ' for the certified letter'),
    lambda: M('FedEx ', fedex(), ' delivered to the mailroom'),
    lambda: M('PO ', digits(10), ' approved, vendor # ', digits(6)),
    lambda: M('call the claimant back at ', phone(), ' after 3'),
    lambda: M('Ticket ', inc(), ' assigned to Desktop Support, priority 3'),
    lambda: M('invoice 2026-', digits(5), ' for $', digits(4), '.00 is past due'),
    lambda: M('order # ', digits(3), '-', digits(7), '-', digits(7), ' (Amazon Business) for the headsets'),
    lambda: M('case no. 26-2-', digits(5), '-34 SEA set for hearing'),
    lambda: M('RCW 50.20.010 and WAC 192-180-010 cover able and available'),
    lambda: M('asset tag ', digits(6), ', serial ', rand_s(10, string.ascii_uppercase + string.digits), ', Dell Latitude 5440'),
    lambda: M('fax it to ', phone(), ' attn: records unit'),
    lambda: M('claim ID ', digits(9), ' is still in adjudication, no PII needed to look it up'),
    lambda: M('employee ID ', digits(6), ' shows the wrong cost center in Workday'),
    lambda: M('ZIP 98504-', digits(4), ', mail stop ', digits(4)),
    lambda: M('batch ', digits(8), ' posted 1,204 payments, total $', digits(3), ',', digits(3), '.', digits(2)),
    # dates that are not birth dates
    lambda: M('hearing is set for ', date_any(), ' at 9:00, courtroom 3'),
    lambda: M('license expires 08/22/2029, renewal notice goes out 60 days before'),
    lambda: M('effective date 01/01/2027 for the new rate table'),
    lambda: M('the contract period is 07/01/2026 – 06/30/2028'),
    lambda: M('last day to file is ', date_any(), ', after that its a late claim'),
    lambda: M('born in the 80s like me? you remember the old DMV building then'),
    lambda: M('happy birthday Karen!! cake in the break room at 2'),
    # health, not PHI
    lambda: M('Flu shot clinic Tuesday 10–2 in the cafeteria, bring your badge and insurance card'),
    lambda: M('Wellness challenge: log your steps by Friday, winners get a parking spot'),
    lambda: M("I'm out this afternoon for a dentist appt, back tomorrow"),
    lambda: M('COVID boosters available at the county health dept, no appointment needed'),
    lambda: M('the diabetes prevention program brochures are in the lobby rack'),
    lambda: M('EAP is free and confidential: 1-800-', digits(3), '-', digits(4)),
    lambda: M('reminder: blood drive in the annex, sign up on the intranet'),
    lambda: M('Medicaid covers dialysis under the ESRD rules, see the provider manual ch. 12'),
    lambda: M('the ICD-10 code list for the new report is on SharePoint (F32.x, E11.x, etc.)'),
    lambda: M('how many TB cases did the county report last quarter? just the count for the dashboard'),
    # public keys, fingerprints, hashes, uuids
    lambda: M('host key fingerprint: SHA256:', rand_s(43, AN + '+/'), ' — verify before you accept'),
    lambda: M('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI', rand_s(43, AN + '+/'), ' ', staff().lower(), '@laptop  <- add this to authorized_keys'),
    lambda: M('sha256sum ESD_Q4_extract.csv\n', sha256(), '  ESD_Q4_extract.csv'),
    lambda: M('commit ', sha1(), ' fixed the date picker'),
    lambda: M('cert thumbprint ', sha1().upper(), ' is the one to bind in IIS'),
    lambda: M('GPG fingerprint: ', ' '.join(rand_s(4, HEX.upper()) for _ in range(10))),
    lambda: M('tenant id ', uid(), ', subscription ', uid()),
    lambda: M('md5 of the installer: ', hashlib.md5(rbytes(8)).hexdigest()),
    lambda: M('image digest sha256:', sha256()),
    lambda: M('-----BEGIN CERTIFICATE REQUEST----- goes to the CA, the key never leaves the server'),
    lambda: M('public key for the vendor sftp:\nssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ', rand_s(80, AN + '+/'), ' vendor@edi'),
    # looks like secrets/encoded but are not
    lambda: M('git clone https://github.com/wa-state/forms-ui.git && npm ci'),
    lambda: M('api base url: https://api.benefits.state.gov/v2, key goes in the X-Api-Key header (ask for one)'),
    lambda: M('base64 of "hello" is aGVsbG8= if you need a quick test string'),
    lambda: M('the config value is an AppSetting, not a secret: FeatureFlags__NewIntake=true'),
    lambda: M('color palette: #1F4E79 #2E75B6 #BDD7EE #DEEBF7'),
    lambda: M('S3 bucket arn:aws:s3:::wa-esd-public-reports, public read is intended'),
    lambda: M('token expired error again (401), just sign out and back in'),
    lambda: M('Slack channel #dmv-alerts, webhook is configured in the app settings (admins only)'),
    lambda: M('IP ', f'10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}', ' is the print server, port 9100'),
    # classification words used ordinarily
    lambda: M('Secret Santa sign-up closes Friday, $20 limit'),
    lambda: M('restricted parking in lot C during the paving'),
    lambda: M('confidential informant policy was updated, see the SOP binder'),
    lambda: M('top secret: the cake is for Karen, do not tell her'),
    lambda: M('the vendor labelled the bid "proprietary" but it is a public record after award'),
    lambda: M('UNCLASSIFIED training slides are on the share, anyone can use them'),
    # identifiers discussed without values
    lambda: M('customer needs to bring a passport or birth certificate plus two proofs of address'),
    lambda: M('REAL ID requires proof of SSN, but we only see the last 4 on screen'),
    lambda: M('she gave the last four of her SSN (', digits(4), ') to verify, thats all we need'),
    lambda: M('card ending in ', digits(4), ' was charged twice, refund requested'),
    lambda: M('routing number field rejects anything that is not 9 digits — bug ', inc()),
    lambda: M('account ending x', digits(4), ' — direct deposit change confirmed by phone'),
    lambda: M('WA license format changed in 2018 to WDL + 9 characters'),
    lambda: M('the DL number goes in box 4d on the form'),
    lambda: M('Passport fees: $130 book, $30 card, $35 execution fee'),
    lambda: M('ITINs start with 9, the validator should check the middle group range'),
    # realistic chatter with numbers
    lambda: M('room 4', digits(2), ' in the Natural Resources Bldg, 3rd floor'),
    lambda: M(f'v{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 40)}', ' deployed to test, release notes in ', inc()),
    lambda: M('the report shows ', digits(3), ',', digits(3), ' active SNAP households statewide'),
    lambda: M('Form W-4 (2026) and Form I-9 are on the HR page'),
    lambda: M('lunch at 12:30? the teriyaki place on 4th'),
    lambda: M('can someone cover the front counter 2–3, I have a 1:1 with ', staff()),
    lambda: M('Bus 41 to the Capitol Campus, stop ID ', digits(5)),
    lambda: M('Re: case ', case_no(), '\n> Can you move the interview to Thursday?\nSure, 10am works.'),
    lambda: (lambda s: M('From: ', s, ' <', s.lower(), '@dshs.state.gov>\nSent: Monday, December 7, 2026 8:15 AM\nSubject: parking\n\nLot B closed tomorrow.\n\n', s, '\nFacilities | (360) 902-', digits(4)))(staff()),
    lambda: M('client ', name(), ' rescheduled her recert interview to ', date_any()),
    lambda: M('inmate ', name(), ' transferred to Coyote Ridge, property to follow'),
    lambda: M('patient portal is down for maintenance Sat 10pm–2am'),
    lambda: M('Claimant ', name(), ' asked about the status of her appeal, hearing is ', date_any()),
    lambda: M('probation check-in for ', name(), ' moved to ', date_any()),
]
