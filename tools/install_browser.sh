#!/bin/sh
# Install Debian's Chromium and ChromeDriver for the browser test (tests/test_browser.py).
# Idempotent: does nothing when /usr/bin/chromium and /usr/bin/chromedriver exist.
# Needs root (or sudo) and Debian's package archive; never downloads a browser elsewhere.
set -eu

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install_browser: need root to install chromium and chromium-driver with apt-get" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: apt-get not found; install Chromium and ChromeDriver yourself" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
/usr/bin/chromium --version
