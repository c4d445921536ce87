#!/bin/sh
# Install the Debian packages Gendan needs that pip and npm cannot provide.
#   system-deps.sh run   - what `make run` needs (gettext for the translations)
#   system-deps.sh test  - plus Chromium and CJK fonts for the browser tests, Dovecot for mail
set -eu
purpose=${1:-run}
need=""
command -v msgfmt >/dev/null 2>&1 || need="$need gettext"
if [ "$purpose" = test ]; then
    command -v chromium >/dev/null 2>&1 || need="$need chromium"
    fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need="$need fonts-noto-cjk"
    # mail tests talk to a real IMAP server
    [ -x /usr/sbin/dovecot ] || need="$need dovecot-imapd"
fi
[ -z "$need" ] && exit 0
echo "Installing system packages:$need"
if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $need >/dev/null
elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -q >/dev/null
    # shellcheck disable=SC2086
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need >/dev/null
else
    echo "Please install these Debian/Ubuntu packages first:$need" >&2
    exit 1
fi
