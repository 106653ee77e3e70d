#!/usr/bin/env bash
# Install the Debian packages Hiwar needs, only those missing. Usage: install_system_packages.sh PKG...
# Runs apt-get as root, or through sudo for another user.
set -euo pipefail
missing=()
for package in "$@"; do
  case "$package" in
    postgresql)
      # Any installed PostgreSQL server (15 or later) will do.
      compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && continue ;;
    chromium)
      command -v chromium >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
