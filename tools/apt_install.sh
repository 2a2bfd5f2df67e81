#!/usr/bin/env bash
# Install Debian packages that the set-up needs, and nothing more: no recommended packages, and never
# an upgrade of a package that is already installed (`make test` once upgraded systemd, udev and
# libsystemd0 on a host). When that is not possible it installs nothing and says why, exit 0: the
# tests that need the package then skip with a reason. Usage: tools/apt_install.sh PACKAGE...
set -euo pipefail
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "not installing $*: that needs root (run: sudo apt-get install --no-install-recommends --no-upgrade $*)" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# "Inst NAME [INSTALLED-VERSION] (NEW-VERSION ...)": the brackets mark an upgrade of an installed package.
upgrades=$("${sudo[@]}" apt-get install -s -y --no-install-recommends "$@" | awk '/^Inst [^ ]+ \[/ {print $2}' | tr '\n' ' ')
if [ -n "$upgrades" ]; then
  echo "not installing $*: it would upgrade installed packages ($upgrades); install it yourself if that is fine" >&2
  exit 0
fi
"${sudo[@]}" apt-get install -y -q --no-install-recommends --no-upgrade "$@"
