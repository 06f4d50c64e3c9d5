#!/usr/bin/env bash
# Debian's Chromium for the browser tests (test/browser.ts drives it with playwright-core, which never
# downloads a browser of its own).
#
#   source .ci/chromium.sh   # installs it when /usr/bin/chromium is missing
#   bash .ci/chromium.sh     # the same, as a command
#
# Installs the `chromium` package with apt-get only when /usr/bin/chromium is missing (needs root);
# otherwise does nothing, so it is cheap to call before every test run. Idempotent.

_esemes_chromium_install() (
  set -euo pipefail
  if [ -x /usr/bin/chromium ]; then
    echo "chromium.sh: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium') at /usr/bin/chromium" >&2
    exit 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "chromium.sh: /usr/bin/chromium is missing and installing it needs root (apt-get install chromium)" >&2
    exit 1
  fi
  echo "chromium.sh: installing Chromium with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium >&2
  [ -x /usr/bin/chromium ] || { echo "chromium.sh: /usr/bin/chromium still missing after installing chromium" >&2; exit 1; }
  echo "chromium.sh: installed $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium')" >&2
)

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # Sourced: not in an `||` list, so the caller's `set -e` stops on a failed install (and without
  # `set -e` the failure is this file's return status).
  _esemes_chromium_install
  _esemes_chromium_rc=$?
  if [ "$_esemes_chromium_rc" != 0 ]; then unset _esemes_chromium_rc; return 1; fi
  unset _esemes_chromium_rc
else
  set -euo pipefail
  _esemes_chromium_install
fi
