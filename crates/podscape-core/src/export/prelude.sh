set -euo pipefail

KEEP="${KEEP:-0}"
for arg in "$@"; do
  case "$arg" in
    --keep) KEEP=1 ;;
    -h | --help)
      sed -n '3,9p' "$0"
      exit 0
      ;;
    *)
      echo "usage: $0 [--keep]" >&2
      exit 2
      ;;
  esac
done

CLUSTER=podscape
TRANSCRIPT="${TRANSCRIPT:-podscape-kind.jsonl}"
case "$TRANSCRIPT" in
  /*) ;;
  *) TRANSCRIPT="$PWD/$TRANSCRIPT" ;;
esac

for tool in kind kubectl docker; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "$0: $tool is not installed (this script needs kind, kubectl and docker)" >&2
    exit 1
  }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/podscape-kind.XXXXXX")"
export KUBECONFIG="$WORK/kubeconfig"
CREATED=0

# Deletes the cluster on any exit (success, failure or Ctrl-C) unless asked to keep it.
cleanup() {
  local code=$?
  if [ "$CREATED" = 1 ]; then
    if [ "$KEEP" = 1 ]; then
      echo "# kept: kind cluster $CLUSTER (KUBECONFIG=$KUBECONFIG); delete it with: kind delete cluster --name $CLUSTER" >&2
    else
      kind delete cluster --name "$CLUSTER" >&2 || true
    fi
  fi
  if [ "$KEEP" != 1 ]; then
    rm -rf "$WORK"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local t="${EPOCHREALTIME//[.,]/}"
    echo $((t / 1000))
  else
    echo $((SECONDS * 1000))
  fi
}
STARTED="$(now_ms)"

# $1 as the body of a JSON string.
json() {
  local s="$1" c i
  s="${s//\\/\\\\}"
  s="${s//\"/\\\"}"
  s="${s//$'\n'/\\n}"
  s="${s//$'\r'/\\r}"
  s="${s//$'\t'/\\t}"
  for ((i = 1; i < 32; i++)); do
    printf -v c '%b' "\\x$(printf %02x "$i")"
    if [[ "$s" == *"$c"* ]]; then
      s="${s//"$c"/$(printf '\\u%04x' "$i")}"
    fi
  done
  printf '%s' "$s"
}

# slurp VAR FILE: the file's text into VAR, its final newlines kept.
slurp() {
  local text
  text="$(cat "$2"; printf x)"
  printf -v "$1" '%s' "${text%x}"
}

STEP=0
# One transcript line: the command as Podscape recorded it, its exit code and output.
record() {
  local t="$1" command="$2" code="$3" out="$4" err="$5"
  printf '{"t_ms":%s,"command":"%s","exit_code":%s,"stdout":"%s","stderr":"%s"}\n' \
    "$t" "$(json "$command")" "$code" "$(json "$out")" "$(json "$err")" >>"$TRANSCRIPT"
}

# step ORIGINAL REAL: runs REAL with bash from the files' folder, records it as ORIGINAL.
step() {
  local original="$1" real="$2" t out err code=0
  STEP=$((STEP + 1))
  t=$(($(now_ms) - STARTED))
  printf '$ %s\n' "$original" >&2
  (cd "$WORK/files" && bash -c "$real") >"$WORK/out.$STEP" 2>"$WORK/err.$STEP" || code=$?
  cat "$WORK/out.$STEP" "$WORK/err.$STEP" >&2
  slurp out "$WORK/out.$STEP"
  slurp err "$WORK/err.$STEP"
  record "$t" "$original" "$code" "$out" "$err"
}

# skip ORIGINAL WHY: a Podscape command with no real equivalent, recorded as skipped.
skip() {
  local t
  t=$(($(now_ms) - STARTED))
  printf '$ %s\n# no real equivalent on kind: %s; skipped\n' "$1" "$2" >&2
  record "$t" "$1" 0 "" "# podscape: no real equivalent on kind: $2"$'\n'
}

# pod_named VAR PATTERN INDEX: the pod Podscape generated a name for is, on kind, the INDEX-th
# (by name) of the pods whose names match PATTERN now; looked up once, when first used.
pod_named() {
  local found
  found="$(kubectl get pods -A --no-headers -o custom-columns=NAME:.metadata.name 2>/dev/null |
    grep -E "^$2\$" | sort | sed -n "$(($3 + 1))p")" || true
  printf -v "$1" '%s' "${found:-pod-not-found}"
  export "${1?}"
}

# rs_named VAR PATTERN INDEX: the INDEX-th ReplicaSet (oldest first) whose name matches PATTERN.
rs_named() {
  local found
  found="$(kubectl get rs -A --no-headers --sort-by=.metadata.creationTimestamp \
    -o custom-columns=NAME:.metadata.name 2>/dev/null | grep -E "^$2\$" | sed -n "$(($3 + 1))p")" || true
  printf -v "$1" '%s' "${found:-replicaset-not-found}"
  export "${1?}"
}

create_cluster() {
  echo "# creating kind cluster $CLUSTER" >&2
  CREATED=1
  kind create cluster --name "$CLUSTER" --config "$WORK/kind.yaml" --kubeconfig "$KUBECONFIG" --wait 180s >&2
  mkdir -p "$WORK/files"
  : >"$TRANSCRIPT"
  # The transcript's clock starts with the cluster, as Podscape's does.
  STARTED="$(now_ms)"
}

preload() {
  { docker pull -q "$1" >/dev/null 2>&1 && kind load docker-image "$1" --name "$CLUSTER" >/dev/null 2>&1; } ||
    echo "# could not preload $1: the nodes will pull it" >&2
}

wait_rollout() {
  kubectl -n "$1" rollout status "deployment/$2" --timeout=180s >&2 ||
    echo "# deployment $2 in $1 did not finish its rollout in 3m: going on" >&2
}

finish() {
  echo "# transcript: $TRANSCRIPT ($STEP commands)" >&2
}

cd "$WORK"
mkdir -p files
cd files
