"""Holdout10 positives, part B: SECRET, PRIVATE_KEY, PASSWORD, CLASSIFICATION, ENCODED_BINARY, PHI."""
import string
from lib10 import *  # noqa: F401,F403

SEC, PK, PW, CL, ENC, PHI = 'SECRET', 'PRIVATE_KEY', 'PASSWORD', 'CLASSIFICATION', 'ENCODED_BINARY', 'PHI'
UP27 = string.ascii_uppercase + '234567'
AN = string.ascii_letters + string.digits
B64 = AN + '+/'
HEX = '0123456789abcdef'


def aws_id(): return R.choice(['AKIA', 'ASIA']) + rand_s(16, UP27)
def aws_secret(): return rand_s(40, B64)
def ghp(): return 'ghp_' + rand_s(36)
def gh_fine(): return 'github_pat_' + rand_s(22) + '_' + rand_s(59)
def slack_bot(): return f'xoxb-{digits(12)}-{digits(13)}-{rand_s(24)}'
def slack_hook(): return f'https://hooks.slack.com/services/T{rand_s(8, UP27)}/B{rand_s(10, UP27)}/{rand_s(24)}'
def stripe(): return 'sk_live_' + rand_s(R.choice([24, 34, 99]))
def gapi(): return 'AIza' + rand_s(35, AN + '-_')
def sendgrid(): return f'SG.{rand_s(22, AN + "-_")}.{rand_s(43, AN + "-_")}'
def npm_tok(): return 'npm_' + rand_s(36)
def glpat(): return 'glpat-' + rand_s(20, AN + '-_')
def azure_cs(): return rand_s(3) + '8Q~' + rand_s(34, AN + '~_.-')
def openai(): return 'sk-proj-' + rand_s(48, AN + '-_')
def twilio_sk(): return 'SK' + rand_s(32, HEX)
def teams_hook(): return (f'https://stategov.webhook.office.com/webhookb2/{rand_s(8, HEX)}-{rand_s(4, HEX)}-4{rand_s(3, HEX)}-a{rand_s(3, HEX)}-{rand_s(12, HEX)}'
                          f'@{rand_s(8, HEX)}-{rand_s(4, HEX)}-4{rand_s(3, HEX)}-b{rand_s(3, HEX)}-{rand_s(12, HEX)}/IncomingWebhook/{rand_s(32, HEX)}/{rand_s(8, HEX)}-{rand_s(4, HEX)}-4{rand_s(3, HEX)}-8{rand_s(3, HEX)}-{rand_s(12, HEX)}')


def b64url(n): return rand_s(n, AN + '-_')


def jwt():
    import base64 as _b
    import json as _j
    h = _b.urlsafe_b64encode(b'{"alg":"RS256","typ":"JWT","kid":"' + rand_s(8).encode() + b'"}').decode().rstrip('=')
    p = _b.urlsafe_b64encode(_j.dumps({'sub': rand_s(10), 'iss': 'https://login.microsoftonline.com/' + rand_s(8), 'exp': 1796000000 + R.randint(0, 9999)}).encode()).decode().rstrip('=')
    return f'{h}.{p}.{b64url(86)}'


def azure_storage_key(): return b64(rbytes(64))


SECRET_T = [
    lambda: M('[default]\naws_access_key_id = ', (SEC, aws_id()), '\naws_secret_access_key = ', (SEC, aws_secret()), '\nregion = us-west-2'),
    lambda: M('use my token for now, ', (SEC, ghp()), ' — i will revoke after the release'),
    lambda: M('GITHUB_TOKEN=', (SEC, gh_fine())),
    lambda: M('bot token for the #dmv-alerts app: ', (SEC, slack_bot())),
    lambda: M('the webhook is ', (SEC, slack_hook()), ' if you want to post the nightly job status'),
    lambda: M("Stripe key in the payments config is live, not test: ", (SEC, stripe()), ' — rotate it?'),
    lambda: M('const MAPS_KEY = "', (SEC, gapi()), '"; // geocoder for the field office locator'),
    lambda: M('SENDGRID_API_KEY=', (SEC, sendgrid()), '\nFROM_ADDRESS=noreply@dol.state.gov'),
    lambda: M('.npmrc:\n//registry.npmjs.org/:_authToken=', (SEC, npm_tok())),
    lambda: M('gitlab deploy token ', (SEC, glpat()), ' has write_repository, it should be read only'),
    lambda: M('curl -H "Authorization: Bearer ', (SEC, jwt()), '" https://api.benefits.state.gov/v2/claims?status=open'),
    lambda: M('client_secret: ', (SEC, azure_cs()), '\ntenant_id: 6a1f0c2e-5b3d-4e8a-9f7c-2d4b8e1a0c93'),
    lambda: M('DefaultEndpointsProtocol=https;AccountName=dshsarchive;AccountKey=', (SEC, azure_storage_key()), ';EndpointSuffix=core.windows.net'),
    lambda: M('OPENAI_API_KEY=', (SEC, openai()), '  # pilot for the call-center summarizer, do not commit'),
    lambda: M('twilio: api key sid ', (SEC, twilio_sk()), ' secret in keeper'),
    lambda: M('Teams connector URL for the outage channel:\n', (SEC, teams_hook())),
    lambda: M('export AWS_SECRET_ACCESS_KEY=', (SEC, aws_secret())),
    lambda: M('fyi the pipeline log printed ', (SEC, ghp()), ' in plain text, job #4412'),
    lambda: M('{\n  "slack_webhook": "', (SEC, slack_hook()), '",\n  "channel": "#ops"\n}'),
    lambda: M('AKIA key ', (SEC, aws_id()), ' showed up in the public bucket, GuardDuty flagged it'),
    lambda: M('stripe sk ', (SEC, stripe()), ' — can you check if this is the prod one'),
    lambda: M('token: ', (SEC, zwsp(ghp()))),
]


def pem_body(nbytes, first=''):
    s = first + b64(rbytes(nbytes))
    return '\n'.join(s[i:i + 64] for i in range(0, len(s), 64))


def pem(kind, n=600, first=''):
    return f'-----BEGIN {kind}-----\n{pem_body(n, first)}\n-----END {kind}-----'


def openssh():
    return pem('OPENSSH PRIVATE KEY', 380, 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACA')


def putty():
    pub = '\n'.join(b64(rbytes(48))[i:i + 64] for i in range(0, 64, 64))
    prv = b64(rbytes(48))
    return (f'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ed25519-key-20261201\nPublic-Lines: 2\n'
            f'AAAAC3NzaC1lZDI1NTE5AAAAI{rand_s(43, B64)}\n{pub[:20]}\nPrivate-Lines: 1\n{prv}\nPrivate-MAC: {rand_s(64, HEX)}')


def pgp():
    return ('-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGV' + pem_body(500)[7:] + f'\n={rand_s(4, B64)}\n-----END PGP PRIVATE KEY BLOCK-----')


PK_T = [
    lambda: M('here is the key for the sftp drop, dont lose it\n', (PK, pem('RSA PRIVATE KEY', 900, 'MIIEpAIBAAKCAQEA'))),
    lambda: M((PK, pem('PRIVATE KEY', 900, 'MIIEvgIBADANBgkqhkiG9w0BAQEFAASC'))),
    lambda: M('ec key from the old cert request:\n', (PK, pem('EC PRIVATE KEY', 90, 'MHcCAQEEI'))),
    lambda: M('cat ~/.ssh/id_ed25519\n', (PK, openssh())),
    lambda: M('the putty key Carl uses for the mainframe jump box:\n', (PK, putty())),
    lambda: M((PK, pgp()), '\nthat is the signing key for the vendor file, passphrase separately'),
    lambda: M('{\n  "type": "service_account",\n  "project_id": "wa-dol-forms",\n  "private_key_id": "', rand_s(40, HEX), '",\n  "private_key": "',
              (PK, pem('PRIVATE KEY', 600, 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC').replace('\n', '\\n')), '\\n",\n  "client_email": "forms-bot@wa-dol-forms.iam.gserviceaccount.com"\n}'),
    lambda: M('```\n', (PK, pem('ENCRYPTED PRIVATE KEY', 700, 'MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQww')), '\n```\npw for it is in the vault'),
    lambda: M('ssl_key.pem (prod IIS box):\n', (PK, pem('RSA PRIVATE KEY', 1100, 'MIIEowIBAAKCAQEA'))),
    lambda: M('tls:\n  key: |\n    ', (PK, pem('EC PRIVATE KEY', 90, 'MHcCAQEEI').replace('\n', '\n    '))),
    lambda: M('can someone check why ansible rejects this\n', (PK, openssh()), '\nit says invalid format'),
    lambda: M('DSA one from the legacy ftp server\n', (PK, pem('DSA PRIVATE KEY', 400, 'MIIBuwIBAAKBgQ'))),
]


def human_pw():
    w = R.choice(['Tacoma', 'Spring', 'Seahawks', 'Olympia', 'Rainier', 'Maple', 'Cascade', 'Winter', 'Husky', 'Bluebird', 'Harbor'])
    return R.choice([f'{w}{R.randint(2020, 2027)}!', f'{w}#{digits(4)}', f'{w.lower()}{digits(3)}{w}', f'{w}-{R.choice(["Fern", "Kayak", "Otter"])}-{digits(2)}',
                     f'{w[0]}{rand_s(5)}{R.choice("!@#$%&")}{digits(2)}'])


def rand_pw(): return rand_s(R.randint(12, 20), AN + '!@#$%^&*-_')


PW_T = [
    lambda: M('temp pw is ', (PW, human_pw()), ' — have her change it at first login'),
    lambda: M('password: ', (PW, human_pw())),
    lambda: M('new password for the kiosk account = ', (PW, rand_pw())),
    lambda: M('login: jdoe2 / pass: ', (PW, human_pw())),
    lambda: M((PW, human_pw()), ' is the new wifi password for the 3rd floor guest network'),
    lambda: M('spring.datasource.url=jdbc:postgresql://db01:5432/elig\nspring.datasource.username=elig_app\nspring.datasource.password=', (PW, rand_pw())),
    lambda: M('services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: case\n      POSTGRES_PASSWORD: ', (PW, rand_pw())),
    lambda: M('mysql -u report -p', (PW, rand_pw()), ' -h 10.20.4.17 reporting'),
    lambda: M('contraseña: ', (PW, human_pw())),
    lambda: M('mot de passe : ', (PW, human_pw())),
    lambda: M('reset it to ', (PW, human_pw()), ' and tell her to change at next logon'),
    lambda: M('user svc_scan pwd ', (PW, rand_pw())),
    lambda: M('passphrase for the evidence drive is ', (PW, 'correct-' + R.choice(['walrus', 'lantern', 'pickle']) + '-' + R.choice(['ferry', 'tundra', 'quilt']) + '-' + digits(2))),
    lambda: M('<add key="SmtpPassword" value="', (PW, rand_pw()), '" />'),
    lambda: M('Password:\n', (PW, human_pw())),
    lambda: M("sshpass -p '", (PW, rand_pw()), "' ssh ops@jump01.corr.state.gov"),
    lambda: M('admin pass for the copier web page is ', (PW, human_pw()), ' fyi'),
    lambda: M('vpn creds for the contractor: user k.ortiz, password ', (PW, human_pw())),
    lambda: M('Subject: your account\n\nYour temporary password is: ', (PW, rand_pw()), '\nIt expires in 24 hours.\n\nIT Service Desk'),
    lambda: M('pasword ', (PW, human_pw()), ' (typo’d that, sorry)'),
    lambda: M('DB_PASSWORD="', (PW, rand_pw()), '"\nDB_HOST=10.20.4.40'),
    lambda: M('password ', (PW, fw(human_pw()))),
]

CL_T = [
    lambda: M((CL, 'CUI//SP-PRVCY'), '\nAttached is the list of claimants flagged for the overpayment review. Do not forward outside UI Tax.'),
    lambda: M((CL, 'CUI//SP-TAX'), '\nRe: audit selection criteria for FY27, draft 2'),
    lambda: M('Classification: ', (CL, 'Confidential'), '\nDistribution: ESD leadership only'),
    lambda: M('Sensitivity: ', (CL, 'Restricted'), '\n\nTeam, the revised staffing plan is below.'),
    lambda: M('this extract is ', (CL, 'Category 3'), ' data, so SFT only, no email'),
    lambda: M('Data classification: ', (CL, 'Category 4 – Confidential Information Requiring Special Handling')),
    lambda: M((CL, 'CONFIDENTIAL'), '\nMEMORANDUM\nTO: Regional Administrators\nFROM: Office of Investigations\nRE: pending referrals'),
    lambda: M((CL, '(CUI)'), ' The subject’s employer reported wages that do not match the quarterly filing.'),
    lambda: M('From: ', name(), '\nSent: Friday, December 4, 2026 3:02 PM\nSubject: draft findings\nSensitivity: ', (CL, 'Confidential'), '\n\nSee below.'),
    lambda: M((CL, 'SECRET//NOFORN'), '\n(U) Fusion center summary, do not paste into the ticket'),
    lambda: M((CL, 'CONTROLLED//SP-PRVCY'), '\nCase roster for the reentry pilot attached'),
    lambda: M('Data Classification Level: ', (CL, 'Level 3 – Restricted'), '\nOwner: DCYF Licensing'),
    lambda: M((CL, 'RESTRICTED – INTERNAL USE ONLY'), '\nPhase 2 layoff list (draft)'),
    lambda: M('classification = ', (CL, 'Confidential'), ' per the data sharing agreement, table goes in the secure share'),
    lambda: M((CL, 'CUI//SP-CTI'), '\nVendor network diagram v3, do not post to Teams'),
    lambda: M('marking: ', (CL, 'CUI//FEDCON'), '\nfrom the federal partner, treat accordingly'),
    lambda: M((CL, 'CONFIDENTIAL//FOR OFFICIAL USE ONLY'), '\nSubject: IA findings'),
    lambda: M('Sensitivity Label: ', (CL, 'Highly Confidential'), '\nShared with: Revenue Audit'),
    lambda: M('header on the doc says ', (CL, 'Category 4 (Confidential - special handling)'), ', so no Teams'),
    lambda: M((CL, 'CUI//SP-PROPIN'), '\nBid pricing from vendor B, procurement eyes only'),
    lambda: M('Clasificación: ', (CL, 'Confidencial'), '\nInforme de casos, no compartir'),
]


def png_uri(): return 'data:image/png;base64,' + b64(blob('png', 150))


ENC_T = [
    lambda: M('signature image for the template: ', (ENC, png_uri())),
    lambda: M('email bounced so here is the pdf\n', (ENC, b64(blob('pdf', 240)))),
    lambda: M('xxd of the first bytes of the corrupted upload:\n', (ENC, xxd(blob('zip', 60)))),
    lambda: M('$ hexdump -C scan0042.jpg | head\n', (ENC, hexdump_c(blob('jpeg', 70)))),
    lambda: M('payload = b"', (ENC, escaped(blob('gzip', 40))), '"'),
    lambda: M('the form field held ', (ENC, 'data:text/plain;base64,' + b64(('Case notes export ' + name() + '\n').encode() * 3))),
    lambda: M('H4sI one from the API log:\n', (ENC, b64(blob('gzip', 200)))),
    lambda: M('attachment (zip) as base64 since Teams blocked it: ', (ENC, b64(blob('zip', 220)))),
    lambda: M('AV flagged this blob in the upload table:\n', (ENC, b64(blob('exe', 260)))),
    lambda: M('hex from the wire: ', (ENC, blob('png', 48).hex())),
    lambda: M('<img src="', (ENC, 'data:image/jpeg;base64,' + b64(blob('jpeg', 180))), '" alt="badge photo">'),
    lambda: M('Content-Type: application/pdf; name="W2_2025.pdf"\nContent-Transfer-Encoding: base64\n\n', (ENC, '\n'.join((lambda s: [s[i:i + 76] for i in range(0, len(s), 76)])(b64(blob('pdf', 300)))))),
    lambda: M('unsigned char fw[] = { ', (ENC, ', '.join(f'0x{c:02x}' for c in blob('elf', 40))), ' };'),
    lambda: M('full dump of the png header, the upload is truncated somewhere:\n', (ENC, hexdump_c(blob('png', 60)))),
    lambda: M('data uri from the old portal: ', (ENC, 'data:application/pdf;base64,' + b64(blob('pdf', 160)))),
    lambda: M('\'\\x1f\\x8b...\' from the s3 object, full:\n', (ENC, escaped(blob('gzip', 64)))),
    lambda: M('xxd dump\n', (ENC, xxd(blob('elf', 48)))),
]


def memb(): return digits(9) + 'WA'


PHI_T = [
    lambda: M((PHI, name()), ' tested positive for hep C, referral to county health sent'),
    lambda: M('Case ', (PHI, case_no()), ': client reports insulin-dependent diabetes, needs DME approval for test strips'),
    lambda: M('patient ', (PHI, name()), ' admitted for detox on the 14th, discharge plan pending'),
    lambda: M('Re: ', (PHI, f'{last()}, {first()}'), '\n> HIV positive per provider letter, do not disclose to household members'),
    lambda: M('inmate ', (PHI, name()), ' #', (PHI, digits(6)), ' on suicide watch, psych eval Monday'),
    lambda: M('claimant ', (PHI, name()), ' sent a doctor\'s note: chemo through March, able-and-available waived'),
    lambda: M('mom (', (PHI, name()), ') UA positive for meth at intake, safety plan in place'),
    lambda: M('Client | Dx | Provider\n', (PHI, name()), ' | F32.1 major depressive disorder | Dr. Kim\n', (PHI, name()), ' | F10.20 alcohol dependence | Cascade BH'),
    lambda: M('Paciente: ', (PHI, name()), ', diagnóstico: tuberculosis activa, en tratamiento DOT'),
    lambda: M('member ID ', (PHI, memb()), ' — dialysis auth expired 11/30, provider calling daily'),
    lambda: M((PHI, name()), ' is out on FMLA for breast cancer surgery, please keep that between us'),
    lambda: M('MRN ', (PHI, '00' + digits(7)), ' schizophrenia, missed depot injection twice'),
    lambda: M('TB contact investigation: index case ', (PHI, name()), ', 34M, sputum smear positive'),
    lambda: M('employee ', (PHI, name()), ' returned a positive drug screen (oxycodone), HR consult needed'),
    lambda: M('resident ', (PHI, name()), ' at the veterans home had a fall, hip fracture, family notified'),
    lambda: M('claim ', (PHI, 'WC-' + digits(7)), ': L4-L5 herniated disc, surgery approved'),
    lambda: M('applicant ', (PHI, name()), ' disclosed bipolar disorder on the disability form'),
    lambda: M('youth ', (PHI, f'{first()[0]}. {last()}'), ' (DOC juvenile) diagnosed with PTSD, counseling 2x/wk'),
    lambda: M('probationer ', (PHI, name()), ' enrolled in methadone maintenance at the OTP, verify attendance'),
    lambda: M('Medicaid ID ', (PHI, memb()), ' pregnant, 28 wks, gestational diabetes — expedite'),
    lambda: M('lab came back for ', (PHI, name()), ': chlamydia positive, partner notification needed'),
]
