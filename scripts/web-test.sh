#!/usr/bin/env bash
# The web page end to end in a real browser (tests/web): builds the page with
# scripts/build-web.sh, serves it on 127.0.0.1, drives Debian's Chromium with
# Playwright and compares every finding, highlight and fixed file with the
# command line. Screenshots and downloads go to target/web-test/.
#
# Installs what it needs when missing: apt `chromium` (and a CJK font for
# readable screenshots), PyPI `playwright` and `pytest` in target/web-venv,
# the wasm32 target and wasm-bindgen-cli (through build-web.sh). When an
# install is impossible it prints `SKIP: reason` and exits 0, so the rest of
# CI still runs; a failing build or test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

skip() {
  echo "SKIP: web page tests: $*"
  exit 0
}

apt_install() {
  [ "$(id -u)" = 0 ] || return 1
  command -v apt-get >/dev/null || return 1
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "==> apt-get install chromium"
  apt_install chromium || skip "无法安装 Debian 的 chromium（需要 root 和 apt）"
fi
if ! fc-list 2>/dev/null | grep -qiE "wenquanyi|noto sans cjk|source han"; then
  # Only the screenshots need it; the tests read the page's DOM.
  apt_install fonts-wqy-microhei || echo "注意：没有中文字体，截图中的汉字显示为方框"
fi

venv=target/web-venv
if ! "$venv/bin/python" -c "import playwright, pytest" 2>/dev/null; then
  echo "==> pip install playwright pytest (in $venv)"
  python3 -m venv "$venv" || skip "无法创建 Python 虚拟环境"
  "$venv/bin/pip" install -q playwright pytest || skip "无法从 PyPI 安装 playwright、pytest"
fi

status=0
bash scripts/build-web.sh || status=$?
[ "$status" != 3 ] || skip "无法安装构建网页所需的工具（见上）"
[ "$status" = 0 ] || exit "$status"

# The command line the page is compared with.
cargo build --quiet --bin reportlint
export REPORTLINT_BIN=$PWD/target/debug/reportlint CHROMIUM=$chromium
"$venv/bin/python" -m pytest tests/web -q -p no:cacheprovider
