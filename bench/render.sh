#!/usr/bin/env bash
# Render stage vs poppler's pdftoppm at the same pixel size, and payload vs a 300 DPI page, on three generated PDFs
# (text-heavy invoice, scanned invoice, vector-heavy pages). Installs poppler-utils when pdftoppm is missing.
# Usage: bench/render.sh [runs]   (default 5)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
command -v pdftoppm >/dev/null || apt-get install -y -q poppler-utils >/dev/null || \
  { apt-get update -q >/dev/null && apt-get install -y -q poppler-utils >/dev/null; }
java -Xmx1g -cp "$cp" dev.ledgerlens.bench.RenderComparisonBench "$work/render" --runs "${1:-5}" 2>"$work/render.log"
