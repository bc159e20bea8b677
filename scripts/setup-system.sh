#!/usr/bin/env bash
# Installs the Debian packages the demo and the tests use (as root on a fresh Debian 12 machine),
# then the npm dependencies. Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=(prosody prosody-modules chromium gnome-keyring libsecret-1-dev dbus dbus-x11 python3-slixmpp python3-aiohttp go-sendxmpp postgresql postgresql-15-partman openssl ca-certificates g++ make python3 lua-check rsyslog rsyslog-gnutls lua5.4)
# Packaging tests (scripts/retention-deb.test.ts, package-check): systemd-analyze, adduser for the .deb, strip.
PACKAGES+=(systemd adduser binutils)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts system services on install where it can; the demo and tests run their own on free ports.
(service prosody stop || true) >/dev/null 2>&1
(service postgresql stop || true) >/dev/null 2>&1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-fund --no-audit
fi

# Fail loudly, naming the package, when something a test peer or a test needs cannot be used.
check_failed=0
need_python() { # module, Debian package
  /usr/bin/python3 -c "import $1" >/dev/null 2>&1 || { echo "setup: python module '$1' cannot be imported: install the Debian package $2" >&2; check_failed=1; }
}
need_python slixmpp python3-slixmpp
need_python aiohttp python3-aiohttp
/usr/bin/python3 - <<'PY' >/dev/null 2>&1 || { echo "setup: slixmpp's plugins used by test/peers/file_sender.py (xep_0363 needs python3-aiohttp) cannot be loaded" >&2; check_failed=1; }
import slixmpp
c = slixmpp.ClientXMPP('probe@localhost', 'x')
for p in ['xep_0030', 'xep_0047', 'xep_0065', 'xep_0066', 'xep_0095', 'xep_0096', 'xep_0363']:
    c.register_plugin(p)
PY
for bin in /usr/bin/prosody /usr/bin/prosodyctl /usr/bin/go-sendxmpp /usr/lib/chromium/chromium /usr/bin/gnome-keyring-daemon /usr/bin/dbus-run-session /usr/bin/luacheck; do
  [ -x "$bin" ] || { echo "setup: $bin is missing: install its Debian package" >&2; check_failed=1; }
done
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "setup: PostgreSQL's initdb is missing: install the Debian package postgresql" >&2; check_failed=1; }
[ "$check_failed" -eq 0 ] || exit 1
