# SPDX-License-Identifier: MIT
# Timed phases for the Tools/ scripts: `phase NAME command...` runs the command and records its duration;
# print_phase_times prints the table. A failing phase stops the script with its status.
PHASE_TIMES=()

phase() {
    local name=$1; shift
    local start=$SECONDS
    printf '==> %s\n' "$name" >&2
    local status=0
    "$@" || status=$?
    PHASE_TIMES+=("$(printf '  %-16s %4ds' "$name" $((SECONDS - start)))")
    if [ "$status" -ne 0 ]; then
        printf '==> %s failed (exit %d)\n' "$name" "$status" >&2
        print_phase_times
        return "$status"
    fi
}

print_phase_times() {
    echo "Phase times:"
    printf '%s\n' "${PHASE_TIMES[@]}"
}
