#!/usr/bin/env bash
# Tries the pre-commit hook (.pre-commit-hooks.yaml) for real: pre-commit installs this checkout as
# a `language: node` hook repository (npm install, which builds dist/ in `prepare`; npm pack; npm
# install -g of the tarball) and runs it on a throwaway repository of articles. Needs pre-commit
# (apt-get install pre-commit, or pip), git, node and npm, and the npm registry. Not part of npm test.
# Exits non-zero when the hook does not behave: fail on a draft without disclaimer, pass once fixed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for tool in pre-commit git node npm; do
  command -v "$tool" >/dev/null || { echo "try-pre-commit: $tool is not installed" >&2; exit 2; }
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/sn-pre-commit-XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/cache"
git_quiet() { git -c user.name=try -c user.email=try@example.invalid -c init.defaultBranch=main -c commit.gpgsign=false "$@" >/dev/null; }

# The hook repository: this checkout's files as they are now (uncommitted and untracked ones too,
# which `pre-commit try-repo` would leave out), committed in a copy.
hook="$tmp/hook-repo"
mkdir -p "$hook"
(cd "$here" && git ls-files -z --cached --others --exclude-standard) |
  (cd "$here" && while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done) |
  (cd "$here" && xargs -0 cp --parents -t "$hook")
git_quiet -C "$hook" init
git_quiet -C "$hook" add -A
git_quiet -C "$hook" commit -m 'hook under test'
rev="$(git -C "$hook" rev-parse HEAD)"

# A writer's repository: one draft without its disclaimer, one finished article, a README that is not an article.
work="$tmp/articles"
mkdir -p "$work/articles"
cat >"$work/.strategy-notes.json" <<'EOF'
{ "articles": ["articles/**/*.md"] }
EOF
printf '# Notes\n\nNot an article.\n' >"$work/README.md"
printf '# Finished\n\nProse.\n\nThis article is not investment, legal or tax advice.\n' >"$work/articles/finished.md"
printf '# Draft\n\nProse without the disclaimer.\n' >"$work/articles/draft.md"
cat >"$work/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hook
    rev: $rev
    hooks:
      - id: strategy-notes
EOF
git_quiet -C "$work" init
git_quiet -C "$work" add -A
git_quiet -C "$work" commit -m articles

echo "try-pre-commit: a draft without its disclaimer must fail the hook"
set +e
out="$(cd "$work" && pre-commit run --all-files --color never 2>&1)"
code=$?
set -e
echo "$out"
if [ "$code" -eq 0 ] || ! grep -q 'articles/draft.md:3:1 error disclaimer-missing' <<<"$out"; then
  echo "try-pre-commit: FAILED: expected the hook to fail on articles/draft.md (exit $code)" >&2
  exit 1
fi

echo "try-pre-commit: with the disclaimer added, the hook must pass"
printf '\nThis article is not investment, legal or tax advice.\n' >>"$work/articles/draft.md"
git_quiet -C "$work" add -A
set +e
out="$(cd "$work" && pre-commit run --all-files --color never 2>&1)"
code=$?
set -e
echo "$out"
if [ "$code" -ne 0 ]; then
  echo "try-pre-commit: FAILED: expected the hook to pass (exit $code)" >&2
  exit 1
fi
echo "try-pre-commit: ok"
