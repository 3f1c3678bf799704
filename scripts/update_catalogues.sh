#!/bin/sh
# Re-extract the labels from the sources into src/jap_tracker/locale/jap.pot and merge them
# into every catalogue (locale/<lang>/LC_MESSAGES/jap.po). Run it after adding or changing a
# label, then translate the entries it reports as untranslated or fuzzy (docs/languages.md).
#
#   scripts/update_catalogues.sh            update jap.pot and every .po
#   scripts/update_catalogues.sh --init xx  also start a catalogue for language xx
#
# Needs Babel's pybabel: the project's .venv/bin/pybabel when there is one, else PATH's,
# else $PYBABEL.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
locale=src/jap_tracker/locale
pot=$locale/jap.pot

if [ -n "${PYBABEL:-}" ]; then
    pybabel=$PYBABEL
elif [ -x .venv/bin/pybabel ]; then
    pybabel=.venv/bin/pybabel
else
    pybabel=pybabel
fi

# The keywords (_, N_, labels, plural:1,2) and the file pattern are in pyproject.toml,
# [tool.babel]. Sorted output without line numbers keeps diffs and merges small.
"$pybabel" -q extract -F pyproject.toml --sort-output --add-location=file \
    --project=jap-tracker --copyright-holder="jap-tracker maintainers" \
    -o "$pot" src/jap_tracker

if [ "${1:-}" = "--init" ]; then
    lang=${2:?usage: $0 --init LANG}
    if [ -e "$locale/$lang/LC_MESSAGES/jap.po" ]; then
        echo "$locale/$lang/LC_MESSAGES/jap.po exists already" >&2
        exit 2
    fi
    "$pybabel" -q init -D jap -i "$pot" -d "$locale" -l "$lang"
fi

for po in "$locale"/*/LC_MESSAGES/jap.po; do
    [ -e "$po" ] || continue
    lang=$(basename "$(dirname "$(dirname "$po")")")
    "$pybabel" -q update -D jap -i "$pot" -d "$locale" -l "$lang" --ignore-obsolete
    "$pybabel" compile --statistics -D jap -d "$locale" -l "$lang" 2>&1 | sed "s|^|$lang: |" || true
done

echo "Untranslated or fuzzy entries fail tests/test_i18n_catalogues.py: translate them in the .po files."
