#!/usr/bin/env bash
# Runs the README's Neovim configuration (section "Other editors" > "Neovim") for real: a
# headless Neovim opens an article of a temporary workspace, the README's Lua block for the
# installed Neovim version starts `strategy-notes-language-server --stdio` (this checkout's
# dist/server.js, put on the PATH under that name), and the diagnostics Neovim receives are
# printed. Fails unless they hold disclaimer-missing, hold no unknown-concept (the tag names a
# library entry, found only from the right root), and the client's root is the folder of
# .strategy-notes.json.
#
#   scripts/try-neovim.sh          needs nvim (0.7 or later) and a build (node scripts/build.mjs)
#
# Exit codes: 0 as expected, 1 not as expected, 2 cannot run (no nvim, no build).
# Installs nothing and touches no Neovim configuration of yours (XDG folders are temporary).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

command -v nvim >/dev/null || { echo "try-neovim: nvim is not installed (Debian: apt-get install neovim)" >&2; exit 2; }
[ -f "$root/dist/server.js" ] || { echo "try-neovim: no dist/server.js; run node scripts/build.mjs" >&2; exit 2; }

version="$(nvim --version | head -1 | sed -n 's/^NVIM v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')"
read -r major minor <<<"$version"
if [ "$major" -eq 0 ] && [ "$minor" -lt 7 ]; then echo "try-neovim: Neovim $major.$minor is older than 0.7" >&2; exit 2; fi
if [ "$major" -gt 0 ] || [ "$minor" -ge 11 ]; then block='-- Neovim 0.11+'
elif [ "$minor" -ge 8 ]; then block='-- Neovim 0.8 to 0.10'
else block='-- Neovim 0.7'; fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/sn-nvim-XXXXXX")"
trap '[ -n "${TRY_NEOVIM_KEEP:-}" ] && echo "try-neovim: kept $tmp" >&2 || rm -rf "$tmp"' EXIT
ws="$tmp/workspace"
mkdir -p "$ws/articles/drafts" "$ws/library/concepts" "$tmp/bin" "$tmp/xdg/config" "$tmp/xdg/data" "$tmp/xdg/state" "$tmp/xdg/cache"
ln -s "$root/dist/server.js" "$tmp/bin/strategy-notes-language-server"

printf '{ "articles": ["articles/**/*.md"] }\n' >"$ws/.strategy-notes.json"
cat >"$ws/library/concepts/moat.md" <<'EOF'
---
title: Moat
aliases:
  - Economic Moat
---

# Moat

What keeps competitors away from a business's profits.
EOF
cat >"$ws/articles/drafts/draft.md" <<'EOF'
# Two Things

Here are two things Harbor will focus on:

1. Pricing

Prices go up.

2. Delivery

Parcels go faster.

From the Concept Library, concepts for this article are:

- Economic Moat
EOF

# The README's Lua block for this version: from its first line (the version comment) to the fence.
awk -v first="$block" '
  $0 == "```lua" { inlua = 1; n = 0; next }
  inlua && $0 == "```" { inlua = 0; if (found) exit; next }
  inlua { n++; if (n == 1 && $0 == first) found = 1; if (found) print }
' "$root/README.md" >"$tmp/init.lua"
[ -s "$tmp/init.lua" ] || { echo "try-neovim: README.md has no Lua block starting with '$block'" >&2; exit 1; }
echo "try-neovim: Neovim $major.$minor, README block '$block':"
sed 's/^/  | /' "$tmp/init.lua"
# Before it, the harness: a headless Neovim cannot answer a prompt (it would wait for ever), so the
# server's messages are collected; a warning or error from it fails the run.
{
  cat <<'EOF'
_G.sn_messages = {}
local function collect(_, params) table.insert(_G.sn_messages, params) return vim.NIL end
vim.lsp.handlers['window/showMessageRequest'] = collect
vim.lsp.handlers['window/showMessage'] = collect
EOF
  cat "$tmp/init.lua"
} >"$tmp/init.harness.lua"
mv "$tmp/init.harness.lua" "$tmp/init.lua"

cat >"$tmp/driver.lua" <<'EOF'
local want = vim.env.SN_ROOT
local function codes()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    found[d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'] = d
  end
  return found
end
-- Waits for the diagnostics (a timeout, not a measurement): the server indexes, then publishes.
vim.wait(60000, function() return codes()['disclaimer-missing'] ~= nil end, 100)
local out = io.stdout
local clients = vim.lsp.get_active_clients()
local root = clients[1] and (clients[1].config.root_dir or '') or '(no client)'
out:write(('try-neovim: client %s, root %s\n'):format(clients[1] and clients[1].name or '(none)', root))
local diagnostics = vim.diagnostic.get(0)
for _, d in ipairs(diagnostics) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?'
  out:write(('  %d:%d %s %s %s\n'):format(d.lnum + 1, d.col + 1, vim.diagnostic.severity[d.severity] or d.severity, code, d.message))
end
local warned = false
for _, m in ipairs(_G.sn_messages) do
  out:write(('  server message (type %d): %s\n'):format(m.type, m.message))
  if m.type <= 2 then warned = true end -- 1 error, 2 warning
end
local found = codes()
local ok = found['disclaimer-missing'] ~= nil and found['unknown-concept'] == nil and root == want and not warned
if not ok then
  out:write(('try-neovim: expected disclaimer-missing, no unknown-concept, root %s and no warning from the server\n'):format(want))
end
for _, c in ipairs(clients) do c.stop() end
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd(ok and 'qall!' or 'cquit 1')
EOF

# Started outside the workspace, so the root comes from the marker, not from the current folder.
cd "$tmp"
status=0
PATH="$tmp/bin:$PATH" SN_ROOT="$ws" XDG_CONFIG_HOME="$tmp/xdg/config" XDG_DATA_HOME="$tmp/xdg/data" \
  XDG_STATE_HOME="$tmp/xdg/state" XDG_CACHE_HOME="$tmp/xdg/cache" \
  nvim --headless -n -i NONE -u "$tmp/init.lua" "$ws/articles/drafts/draft.md" -c "luafile $tmp/driver.lua" </dev/null || status=$?
if [ "$status" -eq 0 ]; then echo "try-neovim: ok"; else echo "try-neovim: failed (nvim exit $status)"; exit 1; fi
