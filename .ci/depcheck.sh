#!/usr/bin/env bash
# The dependency rules of DESIGN.md: catalog imports no other project package, and only
# main (and server itself) imports server.
set -euo pipefail
mod=$(go list -m)
bad=$(go list -f '{{.ImportPath}} {{join .Imports " "}}' ./... | awk -v m="$mod" '
  { pkg=$1
    for (i=2;i<=NF;i++) { imp=$i
      if (index(imp, m"/")!=1) continue
      if (pkg ~ ("^" m "/catalog(/|$)") && imp !~ ("^" m "/catalog(/|$)")) print pkg " imports " imp " (catalog must import no other project package)"
      if (imp ~ ("^" m "/server(/|$)") && pkg != m && pkg !~ ("^" m "/server(/|$)")) print pkg " imports " imp " (only main imports server)"
      if (imp ~ ("^" m "/graph(/|$)") && pkg != m && pkg !~ ("^" m "/(server|graph)(/|$)")) print pkg " imports " imp " (only main and server import graph)"
    } }')
if [ -n "$bad" ]; then echo "$bad"; exit 1; fi
echo "dependency direction ok"
