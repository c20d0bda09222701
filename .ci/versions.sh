#!/usr/bin/env bash
# The test suite on every other Python the package claims (3.12, 3.13) that exists on this
# machine, and once against the lowest dependency versions pyproject.toml allows (uv's
# lowest-direct resolution, on the main venv's Python). Run by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=.venv/bin/uv
export UV_PYTHON_DOWNLOADS=never

find_python() {  # on PATH, else under pyenv (whose shims hide versions not selected)
  local version=$1 candidate
  for candidate in "python$version" "$HOME"/.pyenv/versions/"$version".*/bin/"python$version"; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c '' >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

run_suite() {  # name, python, extra uv flags...
  local name=$1 python=$2
  shift 2
  echo "== tests on $name"
  "$uv" venv --quiet --allow-existing --python "$python" ".venv-$name"
  "$uv" pip install --quiet --python ".venv-$name/bin/python" "$@" -e '.[dev]'
  ".venv-$name/bin/python" -m pytest -q -p no:cacheprovider -m "not once"
}

for version in 3.12 3.13; do
  if python=$(find_python "$version"); then
    run_suite "py$version" "$python"
  else
    echo "== SKIPPED: Python $version is not installed on this machine"
  fi
done
run_suite lowest .venv/bin/python --resolution lowest-direct
