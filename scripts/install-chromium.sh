#!/bin/sh
# Installs Debian's chromium for the browser tests when it is missing. Browser tests drive
# /usr/bin/chromium with playwright-core; we never download a browser of our own.
set -e
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "installing Debian's chromium for the browser tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
