#!/usr/bin/env bash
# Creates .venv and installs the pinned versions of requirements.lock into it.
# Re-installs only when requirements.lock or pyproject.toml changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for p in "${PYTHON:-}" python3.11 python3; do
    [ -n "$p" ] || continue
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  py=$(find_python) || { echo "CCHC Hub cần Python 3.11 (python3.11). Hãy cài Python 3.11 rồi chạy lại." >&2; exit 1; }
  "$py" -m venv .venv
fi

# This machine's pip configuration may name local package folders that do not exist; pip warns once per package.
quiet_pip() { "$@" 2> >(grep -v "^WARNING: Location 'file:" >&2); }

want=$(cat requirements.lock pyproject.toml scripts/install.sh | sha256sum | cut -d' ' -f1)
have=$(cat .venv/.installed 2>/dev/null || true)
if [ "$want" != "$have" ]; then
  echo "==> Cài đặt thư viện vào .venv (requirements.lock)"
  quiet_pip .venv/bin/python -m pip install -q --disable-pip-version-check "pip==26.3" "setuptools==80.9.0" "wheel==0.45.1"
  # xstatic-bootstrap's setup.py still imports pkg_resources, gone from setuptools >= 81.
  quiet_pip .venv/bin/python -m pip install -q --disable-pip-version-check \
    --build-constraint scripts/build-constraints.txt -r requirements.lock
  quiet_pip .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
  echo "$want" > .venv/.installed
fi
# Translations: compile locale/*.po into .mo (pure Python, no gettext binary needed).
.venv/bin/cchc i18n --quiet
