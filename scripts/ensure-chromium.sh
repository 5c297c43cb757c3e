#!/usr/bin/env sh
# The docs browser tests drive Debian's Chromium (/usr/bin/chromium) through
# playwright-core; no browser is downloaded. Install it when it is missing.
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
else
  echo "The docs browser tests need Chromium at /usr/bin/chromium: install Debian's 'chromium' package (apt-get install -y chromium) as root." >&2
  exit 1
fi
