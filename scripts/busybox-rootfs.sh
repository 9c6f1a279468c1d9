#!/bin/sh
# Writes the root filesystem of the embedded busybox image, as an uncompressed tar, to stdout.
# Made offline from Debian's busybox-static: /bin/busybox plus one symlink per applet, and the few files
# a shell and `id` expect. Used by the set-up (`berth import`) and by the integration tests.
set -eu
bb=${BUSYBOX:-/bin/busybox}
[ -x "$bb" ] || { echo "busybox-static is not installed ($bb missing)" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root" "$root/proc" "$root/sys" "$root/dev" "$root/var/www" "$root/home"
cp "$bb" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n' >"$root/etc/group"
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
# Fixed owner and times so that the layer, and so the image ID, is the same on every machine with the same busybox.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2024-01-01 00:00:00Z' -C "$root" -cf - .
