"""Holdout9 positive templates, part C: secrets, private keys, passwords (written blind)."""
import string
from lib9 import L, R, secret, pem, pgp_private, putty, rnd, digits, A62, HEX, fw, zw, shy, jwt
from lib9x import nm, fn, ln, ticket, password9 as password


def _k(kind): return L('SECRET', secret(kind))
def _pw(): return L('PASSWORD', password())


EXTRA = {
    'gho': lambda: 'gho_' + rnd(36),
    'xoxp': lambda: f'xoxp-{digits(11)}-{digits(12)}-{digits(13)}-{rnd(32, HEX)}',
    'hvs': lambda: 'hvs.' + rnd(24) + rnd(70, A62 + '_-'),
    'glrt': lambda: 'glrt-' + rnd(20, A62 + '_-'),
    'atlassian': lambda: 'ATATT3xFfGF0' + rnd(180, A62 + '_-=') ,
    'newrelic': lambda: 'NRAK-' + rnd(27, string.ascii_uppercase + string.digits),
    'do': lambda: 'dop_v1_' + rnd(64, HEX),
    'azure-storage': lambda: rnd(86, A62 + '+/') + '==',
    'lin': lambda: 'lin_api_' + rnd(40),
    'sq0atp': lambda: 'sq0atp-' + rnd(22, A62 + '-_'),
}


def _x(kind): return L('SECRET', EXTRA[kind]())


P_C = [
    # ---- SECRET ---------------------------------------------------------------------------------------------
    lambda: f"{ticket()} - build failing, pasting the env so you can see:\nAWS_ACCESS_KEY_ID={_k('aws')}\nAWS_SECRET_ACCESS_KEY={_k('aws-secret')}\nAWS_REGION=us-west-2",
    lambda: f"the GitHub token for the deploy bot is {_k('ghp')} — rotate after the release",
    lambda: f"export GITHUB_TOKEN={_k('github_pat')}",
    lambda: f"gitlab runner reg token {_x('glrt')}",
    lambda: f"slack bot token xoxb for the alerts app: {_k('xoxb')}",
    lambda: f"webhook for #benefits-ops {_k('slack-hook')}",
    lambda: f"stripe:\n  secret_key: {_k('stripe')}\n  webhook_secret: {_k('whsec')}",
    lambda: f"Maps key (restricted? not sure) {_k('google')}",
    lambda: f"client_secret: {_k('gocspx')}",
    lambda: f"SENDGRID_API_KEY='{_k('sendgrid')}'",
    lambda: f"Twilio auth token {_k('twilio-token')} acct SID AC{rnd(32, HEX)}",
    lambda: f"//registry.npmjs.org/:_authToken={_k('npm')}",
    lambda: f"[pypi]\nusername = __token__\npassword = {_k('pypi')}",
    lambda: f"curl -H 'Authorization: Bearer {_k('jwt')}' https://api.internal.dol.state.gov/v2/claims",
    lambda: f"vault token {_x('hvs')} (root, from the unseal ceremony, delete this msg)",
    lambda: f"jira api token for the sync script: {_x('atlassian')}",
    lambda: f"NEW_RELIC_API_KEY={_x('newrelic')}",
    lambda: f"DIGITALOCEAN_TOKEN=\"{_x('do')}\"",
    lambda: f"DefaultEndpointsProtocol=https;AccountName=dshsblobprod;AccountKey={_x('azure-storage')};EndpointSuffix=core.windows.net",
    lambda: f"azure app reg client secret {_k('azure-cs')}",
    lambda: f"OPENAI_API_KEY={_k('openai')}",
    lambda: f"anthropic key {_k('anthropic')} for the pilot",
    lambda: f"docker login -u svcbuild -p {_k('dckr')}",
    lambda: f"HF token {_k('hf')}",
    lambda: f"shopify admin token {_k('shpat')} (gift shop store)",
    lambda: f"linear key {_x('lin')}",
    lambda: f"square access token {_x('sq0atp')}",
    lambda: f"oauth user token {_x('xoxp')}",
    lambda: f"gh cli: {_x('gho')}",
    lambda: f"the mailgun key is {_k('mailgun')}",
    lambda: f"aws key {L('SECRET', zw(secret('aws'), chr(0x200b)))} (pasted from the wiki)",
    lambda: f"token={L('SECRET', fw(secret('ghp')))}",
    lambda: f"terraform cloud token {_k('tfc')}",
    lambda: f"sentry auth {_k('sentry')}",
    # ---- PRIVATE_KEY ----------------------------------------------------------------------------------------
    lambda: f"here's the key for the sftp to the bank:\n{L('PRIVATE_KEY', pem('rsa'))}",
    lambda: f"{L('PRIVATE_KEY', pem('ssh'))}\nthat's id_ed25519 from the jump box",
    lambda: f"cert + key for the IIS binding\n{L('PRIVATE_KEY', pem('pk8'))}",
    lambda: f"EC key:\n{L('PRIVATE_KEY', pem('ec'))}",
    lambda: f"Fwd: encrypted key\n{L('PRIVATE_KEY', pem('enc'))}\npassphrase in separate msg",
    lambda: f"gpg export for the tax file signing\n{L('PRIVATE_KEY', pgp_private())}",
    lambda: f"putty key (.ppk) for the mainframe gateway:\n{L('PRIVATE_KEY', putty())}",
    lambda: f"old DSA key from the legacy box:\n{L('PRIVATE_KEY', pem('dsa'))}",
    lambda: f"```\n{L('PRIVATE_KEY', pem('rsa', 4))}\n```",
    lambda: f"ssh key\n{L('PRIVATE_KEY', pem('ssh', 6))}",
    lambda: f"key:\n{L('PRIVATE_KEY', pem('pk8', 5))}\n(that's the one ServiceNow's MID server uses)",
    lambda: f"{ticket()}\n{L('PRIVATE_KEY', pem('ec', 3))}",
    lambda: f"private key for the signing cert\n{L('PRIVATE_KEY', pem('rsa', 8))}",
    lambda: f"pls load this into the HSM\n{L('PRIVATE_KEY', pem('pk8', 7))}",
    lambda: f"{L('PRIVATE_KEY', pem('ssh', 5))}",
    # ---- PASSWORD -------------------------------------------------------------------------------------------
    lambda: f"help desk: reset {fn().lower()}.{ln().lower()} - temp password {_pw()} must change at next logon",
    lambda: f"wifi for the training room is DOL-Guest, password {_pw()}",
    lambda: f"the password for the shared mailbox is {_pw()}",
    lambda: f"pw: {_pw()}",
    lambda: f"login: svc_ucbatch\npass: {_pw()}",
    lambda: f"contraseña: {_pw()}",
    lambda: f"new pwd {_pw()} (case sensitive)",
    lambda: f"{_pw()} is the password for the scanner admin page",
    lambda: f"user,password\njdoe,{_pw()}\nmsmith,{_pw()}",
    lambda: f"db:\n  host: pg-prod-3\n  user: ui_app\n  password: {_pw()}",
    lambda: f"<add key=\"DbPassword\" value=\"{_pw()}\" />",
    lambda: f"mysql -u report -p{_pw()} -h 10.4.2.8",
    lambda: f"Passcode for the laptop BIOS: {_pw()}",
    lambda: f"i changed it to {_pw()} so you can log in while i'm out",
    lambda: f"Password\n{_pw()}",
    lambda: f"LoginPassword={_pw()}",
    lambda: f"the admin pass is {L('PASSWORD', zw(password(), chr(0x200b)))}",
    lambda: f"passwd {L('PASSWORD', fw(password()))}",
    lambda: f"Fwd: account setup\n\nUsername: {fn().lower()}{digits(2)}\nInitial password: {_pw()}\n\nIT Service Desk | ext 4400",
    lambda: f"creds for the vendor portal: procurement@agency / {_pw()}",
    lambda: f"pasword is {_pw()}",
    lambda: f"sshpass -p '{_pw()}' ssh admin@10.20.1.5",
]
