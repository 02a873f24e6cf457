#!/usr/bin/env bash
# Usage: scripts/release-action.sh vX.Y.Z
#
# Makes the release commit that the GitHub Action runs from. lib/ (the compiled JavaScript) is
# git-ignored on branches; action.yml wants it committed so that a run installs only production
# dependencies. This builds lib/ from a clean slate, commits it on top of the current commit
# without moving any branch, tags that commit vX.Y.Z and moves the major tag (vX) to it.
# Nothing is pushed: the last line prints the push command.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-}
if [[ ! $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "usage: scripts/release-action.sh vX.Y.Z" >&2
  exit 2
fi
major=${version%%.*}
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "release-action: commit your changes first; the release is made from the current commit" >&2
  exit 1
fi
if git rev-parse -q --verify "refs/tags/$version" >/dev/null; then
  echo "release-action: tag $version exists already" >&2
  exit 1
fi

rm -rf lib
npm run build
base=$(git rev-parse HEAD)
# A commit whose tree is the current one plus lib/, built in a scratch index: the work tree and
# the branch stay as they are.
index=$(mktemp)
trap 'rm -f "$index"' EXIT
GIT_INDEX_FILE=$index git read-tree "$base"
GIT_INDEX_FILE=$index git add --force lib
tree=$(GIT_INDEX_FILE=$index git write-tree)
commit=$(git commit-tree "$tree" -p "$base" -m "recovery-triage $version: the action's build (lib/)")
git tag -a "$version" -m "recovery-triage $version" "$commit"
git tag -f -a "$major" -m "recovery-triage $version" "$commit" >/dev/null
echo "Tagged $version and $major at $commit (on top of $base)."
echo "Push with: git push origin $version && git push --force origin $major"
