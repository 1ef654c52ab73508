#!/usr/bin/env bash
# Debian packages the project needs, installed only when missing.
#   site: a CJK font for posters and preview images (fonts-noto-cjk)
#   test: the above, plus headless Chromium for browser tests, Java for the Nu HTML Checker,
#         Node.js and npm for the validators in package.json, poppler-utils to read the PDFs back
set -euo pipefail
what=${1:-site}

need=()
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk fontconfig)
if [ "$what" = test ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  command -v node >/dev/null 2>&1 || need+=(nodejs)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "缺少系统软件包 / missing Debian packages: ${need[*]}" >&2
  echo "请运行 / run: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "安装系统软件包 / installing Debian packages: ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
