#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs a suite's package (made by scripts/package.sh) on a fresh root of
# that suite with no build tools, checks what it installed and what the
# plugin says about the sample, removes it and looks for leftovers; then
# offers a package built for another Wireshark to the same kind of root and
# expects apt to refuse it.
#
# Usage: tests/packages/check-package.sh SUITE [FOREIGN-SUITE]
#   FOREIGN-SUITE: a suite whose package must not install on SUITE's root
#   (its .deb must be in dist/ too).
set -uo pipefail
umask 022

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
# shellcheck source=scripts/pkgroot.sh
. "$repo/scripts/pkgroot.sh"
suite=${1:-}
foreign=${2:-}
if ! ws=$(pkgroot_ws_of "$suite") || { [ -n "$foreign" ] && ! pkgroot_ws_of "$foreign" >/dev/null; }; then
    echo "usage: $0 bookworm|trixie|sid [bookworm|trixie|sid]" >&2
    exit 2
fi
version=$(sed -nE 's/^project\(tcp_teardown VERSION ([0-9.]+) .*/\1/p' "$repo/CMakeLists.txt")
pkg=wireshark-plugin-teardown

passed=0
failed=0
check() {
    # check NAME COMMAND...: one assertion, counted.
    local name=$1
    shift
    if "$@"; then
        echo "ok: $suite: $name"
        passed=$((passed + 1))
    else
        echo "FAILED: $suite: $name"
        failed=$((failed + 1))
    fi
}
# The throw-away roots go once unmounted.
drop_runs() {
    pkgroot_umount_all
    [ -z "${pkgroot_dir:-}" ] || rm -rf --one-file-system "$pkgroot_dir"/run.*
}
finish() {
    drop_runs
    echo "packages $suite (Wireshark $ws): $passed passed, $failed failed"
    [ "$failed" = 0 ]
    exit
}

deb_of() {
    local f
    f=$(find "$repo/dist" -maxdepth 1 -name "${pkg}_$version+ws$(pkgroot_ws_of "$1")_*.deb" 2>/dev/null | head -n 1)
    [ -n "$f" ] || { echo "no package for $1 in dist/: run scripts/package.sh $1" >&2; return 1; }
    echo "$f"
}

trap drop_runs EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
deb=$(deb_of "$suite") || { failed=1; finish; }
pkgroot_init "$suite"
if [ ! -f "$pkgroot_dir/base/.tcp-teardown-pkgroot" ]; then
    pkgroot_base || { failed=1; finish; }
fi

# ---- the package's own metadata ---------------------------------------------

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
soname_pkg=$(case "$ws" in 4.0) echo libwireshark16 ;; 4.4) echo libwireshark18 ;; 4.6) echo libwireshark19 ;; esac)
next=$(awk -F. '{ print $1 "." $2 + 1 }' <<<"$ws")
check "depends on $soname_pkg (>= $ws), the libwireshark of Wireshark $ws" \
    grep -qE "(^|, )$soname_pkg \(>= ${ws}[.)]" <<<"$depends"
check "depends on $soname_pkg (<< $next~)" grep -qF "$soname_pkg (<< $next~)" <<<"$depends"
check "version is $version+ws$ws" test "$(dpkg-deb -f "$deb" Version)" = "$version+ws$ws"

# ---- 1. install on a root without build tools ------------------------------

pkgroot_fresh_root install || { failed=$((failed + 1)); finish; }
r=$pkgroot_run_root
check "root has no compiler" test ! -e "$r/usr/bin/gcc" -a ! -e "$r/usr/bin/cc"
check "root has no Wireshark yet" test ! -e "$r/usr/bin/tshark"
cp "$deb" "$r/tmp/"
t0=$SECONDS
pkgroot_in "$r" apt-get install -y -q "/tmp/${deb##*/}" >"$r/tmp/install.log" 2>&1
rc=$?
check "apt-get install ./$(basename "$deb") (exit $rc, $((SECONDS - t0)) s)" test "$rc" = 0
[ "$rc" = 0 ] || { tail -n 30 "$r/tmp/install.log"; finish; }

plugdir=$(pkgroot_in "$r" sh -c 'echo /usr/lib/*/wireshark/plugins/'"$ws"'/epan')
check "teardown.so in the system plugin folder $plugdir" test -f "$r$plugdir/teardown.so"
plugins=$(pkgroot_in "$r" tshark -G plugins 2>/dev/null)
line=$(grep -P '^teardown\.so\s' <<<"$plugins" | tr -s ' \t' ' ')
echo "tshark -G plugins: $line"
check "tshark -G plugins lists teardown.so $version from $plugdir" \
    test "$line" = "teardown.so $version dissector $plugdir/teardown.so"

cp "$repo/samples/teardown-sample.pcap" "$r/tmp/"
pkgroot_in "$r" tshark -r /tmp/teardown-sample.pcap -q -z teardown,conns >"$r/tmp/conns.txt" 2>"$r/tmp/conns.err"
check "-z teardown,conns on the sample gives tests/packages/sample-conns.expected" \
    diff -u "$repo/tests/packages/sample-conns.expected" "$r/tmp/conns.txt"

doc=/usr/share/doc/$pkg
for f in copyright changelog.gz README.md docs/teardown.colorfilters docs/teardown-tree.png docs/teardown-stats.png; do
    check "ships $doc/$f" test -s "$r$doc/$f"
done
# The Teardown profile, in Wireshark's global profiles folder: the teardown
# rules first, then Wireshark's own, and the two state columns.
prof=/usr/share/wireshark/profiles/Teardown
check "ships $prof/colorfilters, teardown rules first" \
    sh -c "grep '^@' '$r$prof/colorfilters' | head -n 1 | grep -q '^@Teardown: '"
check "ships $prof/preferences with the state columns" grep -q 'teardown.client.state' "$r$prof/preferences"
check "copyright says GPL-2+" grep -q '^License: GPL-2+' "$r$doc/copyright"
check "changelog names $version+ws$ws" sh -c "zcat '$r$doc/changelog.gz' | head -n 1 | grep -qF '($version+ws$ws)'"

# ---- 2. remove: nothing of the package is left -----------------------------

pkgroot_in "$r" dpkg-query -L "$pkg" >"$r/tmp/files.txt"
pkgroot_in "$r" apt-get remove -y -q "$pkg" >"$r/tmp/remove.log" 2>&1
check "apt-get remove $pkg" test $? = 0
left=()
while IFS= read -r f; do
    if [ "$f" = /. ] || [ ! -e "$r$f" ]; then continue; fi
    # A folder stays only while another package owns it.
    if [ -d "$r$f" ] && pkgroot_in "$r" dpkg-query -S "$f" >/dev/null 2>&1; then continue; fi
    left+=("$f")
done <"$r/tmp/files.txt"
check "no file left behind (${#left[@]} left: ${left[*]:-none})" test ${#left[@]} = 0
# shellcheck disable=SC2016 # dpkg-query's own format syntax
status=$(pkgroot_in "$r" dpkg-query -W -f '${db:Status-Status}' "$pkg" 2>/dev/null)
check "dpkg knows no trace of $pkg (status '${status:-none}')" test -z "$status" -o "$status" = not-installed
check "tshark no longer lists teardown.so" sh -c "! chroot '$r' tshark -G plugins 2>/dev/null | grep -q teardown"

# ---- 3. a package for another Wireshark is refused --------------------------

if [ -n "$foreign" ]; then
    fdeb=$(deb_of "$foreign") || { failed=$((failed + 1)); finish; }
    fpkg=$(dpkg-deb -f "$fdeb" Depends | grep -oE 'libwireshark[0-9]+' | head -n 1)
    pkgroot_fresh_root foreign || { failed=$((failed + 1)); finish; }
    f=$pkgroot_run_root
    cp "$fdeb" "$f/tmp/"
    pkgroot_in "$f" apt-get install -y -q "/tmp/${fdeb##*/}" >"$f/tmp/install.log" 2>&1
    rc=$?
    sed -n '/following packages have unmet/,$p' "$f/tmp/install.log" | sed 's/^/    /'
    check "apt refuses the Wireshark $(pkgroot_ws_of "$foreign") package (exit $rc)" test "$rc" != 0
    check "apt says $fpkg is not installable" \
        grep -qE "Depends: $fpkg \(>= [^)]*\) but it is not installable" "$f/tmp/install.log"
    check "nothing installed" test ! -e "$f/usr/bin/tshark" -a ! -e "$f/usr/share/doc/$pkg"
fi
finish
