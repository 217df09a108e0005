#!/usr/bin/env bash
# Make sure Debian's headless-capable Chromium is installed at /usr/bin/chromium (used by
# test/diff/html-render.test.ts through playwright-core, which downloads no browser).
# Idempotent: does nothing when the binary is already there. Uses sudo only when not root.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing and apt-get is not available; install Chromium by hand so that $CHROMIUM exists" >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "ensure-chromium: $CHROMIUM is missing, and installing it needs root (not root, and no password-less sudo). Run as root: apt-get update && apt-get install -y --no-install-recommends chromium" >&2
    exit 1
  fi
fi

echo "ensure-chromium: installing Debian's chromium package (one-time) ..." >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q >&2
"${SUDO[@]}" apt-get install -y -q --no-install-recommends chromium >&2

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM does not exist" >&2
  exit 1
fi
echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)" >&2
