#!/usr/bin/env bash
# Installs what the tests use besides Java and Maven, from Debian's packages, when missing (run by the build before the
# tests; InfluxDB has its own script, profile-db/influxdb.sh, which the integration tests start):
#   chromium              the rehearsal and replay reports are checked in a real headless browser
#   awscli, python3-boto3 other AWS clients than the SDK are checked against the shadow's AWS endpoint
# Uses sudo when not root. Set PRESCALE_NO_INSTALL=1 to skip (the tests that need a missing tool then say which).
set -euo pipefail

[ "${PRESCALE_NO_INSTALL:-0}" = 1 ] && exit 0
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/aws ] || need+=(awscli)
{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import boto3' 2>/dev/null; } || need+=(python3-boto3)
[ ${#need[@]} -eq 0 ] && exit 0

echo "tools.sh: installing ${need[*]} from Debian's packages for the tests" >&2
sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "tools.sh: no apt-get here; install ${need[*]} by hand, or set PRESCALE_NO_INSTALL=1" >&2
  exit 1
fi
$sudo_cmd apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >&2 || {
  echo "tools.sh: could not install ${need[*]}; install them by hand (apt-get install ${need[*]}) or set" \
    "PRESCALE_NO_INSTALL=1" >&2
  exit 1
}
