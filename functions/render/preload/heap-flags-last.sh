#!/bin/sh
# Render's AWS_LAMBDA_EXEC_WRAPPER (infra/constructs/stage-function.ts). Lambda starts its runtime as
#   <this script> /var/lang/bin/node [the bootstrap's flags ...] /var/runtime/index.mjs
# and public copies of its Node bootstrap put heap sizes of their own among those flags. V8 takes a flag's last
# value, and node reads its command line after NODE_OPTIONS, so the heap sizes render's NODE_OPTIONS set (and
# the bench measures) would not apply. This repeats them last, just before the entry script. A command line of
# any other shape, or NODE_OPTIONS without heap sizes, runs unchanged.
set -f
heap_flags=''
for option in $NODE_OPTIONS; do
  case "$option" in
    --max-semi-space-size=*|--max-old-space-size=*) heap_flags="$heap_flags $option" ;;
  esac
done
if [ -z "$heap_flags" ] || [ "$#" -lt 2 ]; then exec "$@"; fi
eval "entry=\${$#}"
case "$entry" in
  *.mjs|*.cjs|*.js) ;;
  *) exec "$@" ;;
esac
count=$#
position=0
for argument do
  position=$((position + 1))
  if [ "$position" -eq 1 ]; then set --; fi
  # shellcheck disable=SC2086 # each flag is one word
  if [ "$position" -eq "$count" ]; then set -- "$@" $heap_flags; fi
  set -- "$@" "$argument"
done
exec "$@"
