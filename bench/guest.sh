# SPDX-License-Identifier: MIT
# Payload of bench/run.sh, run by the guest's /init: load enbkey.ko and run
# enbkey-bench with the arguments run.sh stored in /etc/enbkey-bench.args.
export PATH=/usr/local/bin:$PATH

args=$(cat /etc/enbkey-bench.args 2>/dev/null)
echo "### enbkey-bench $args on $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPUs"
insmod /lib/modules/enbkey.ko || { echo "### insmod enbkey.ko failed"; exit 1; }
# shellcheck disable=SC2086 # word splitting of the stored arguments is wanted
enbkey-bench $args
rc=$?
echo "### end enbkey-bench (exit $rc)"
exit $rc
