# SPDX-License-Identifier: MIT
# Timed phases for the Tools/ scripts: `phase NAME command...` runs the command and records its duration
# (and whether it failed); print_phase_times prints the table. A phase returns its command's status, which
# stops scripts running with `set -e` unless they handle it.
PHASE_TIMES=()

phase() {
    local name=$1; shift
    local start=$SECONDS
    printf '==> %s\n' "$name" >&2
    local status=0
    "$@" || status=$?
    PHASE_TIMES+=("$(printf '  %-24s %4ds%s' "$name" $((SECONDS - start)) "$([ "$status" -eq 0 ] || echo '  FAILED')")")
    if [ "$status" -ne 0 ]; then
        printf '==> %s failed (exit %d)\n' "$name" "$status" >&2
        return "$status"
    fi
}

print_phase_times() {
    echo "Phase times:"
    printf '%s\n' "${PHASE_TIMES[@]}"
}
