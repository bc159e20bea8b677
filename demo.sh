#!/usr/bin/env bash
# Quick start: installs what the demo needs on a fresh Debian machine, then starts it.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup-system.sh
exec npm run -s demo
