#!/usr/bin/env bash
# Starts the extra container engines the integration suite runs against, next to the local dockerd:
#   podman  rootful Podman's Docker-compatible API on unix:///run/ecs-local-ci/podman.sock
#   remote  a second dockerd in its own network namespace, reached only over TCP at
#           tcp://10.213.0.2:2375 (as a CI `docker:dind` service or a VM would be): its bridge,
#           its host-gateway and its loopback are not this machine's.
#   rootless  Podman as the unprivileged user ecsrootless, its API on
#           unix:///run/user/<uid>/podman/podman.sock (the socket a user's Podman has).
#   rootless-docker  rootless Docker (dockerd-rootless.sh: dockerd inside RootlessKit, slirp4netns)
#           as the unprivileged user ecsdocker, on unix:///run/user/<uid>/docker.sock (the socket
#           dockerd-rootless-setuptool.sh gives a user), its data in the user's ~/.local/share/docker.
# Idempotent: an engine that already answers is left as it is. Needs root. Prints one
# `ECS_LOCAL_TEST_ENGINE=...` line per engine started, for the suite's engine selector.
#   .ci/engines.sh [podman] [remote] [rootless] [rootless-docker]      (default: podman remote)
#   .ci/engines.sh stop                   (stops what this script started)
set -euo pipefail

STATE=/run/ecs-local-ci
NETNS=ecs-local-remote
HOST_IF=ecslr0 NS_IF=ecslr1
HOST_ADDR=10.213.0.1 REMOTE_ADDR=10.213.0.2
REMOTE_BIP=10.214.0.1/24
PODMAN_SOCK=$STATE/podman.sock
mkdir -p "$STATE"

log() { echo "engines: $*" >&2; }

wait_for() { # seconds, command...
  local n=$1; shift
  for _ in $(seq 1 $((n * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  return 1
}

# The docker CLI (installed with dockerd) as the probe: a fresh machine may have no curl.
podman_up() { docker -H "unix://$PODMAN_SOCK" version >/dev/null 2>&1; }

start_podman() {
  command -v podman >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman >/dev/null; }
  if ! podman_up; then
    rm -f "$PODMAN_SOCK"
    # Where /run is not a tmpfs (a machine image taken while containers ran) Podman's runtime state
    # outlives the containers: Podman takes them for running, netavark's address book still gives
    # their addresses away ("requested ip address … is already allocated") and runc still knows
    # their ids ("container with given ID already exists"). With no conmon left and nothing mounted
    # there, nothing runs: empty that state, as a reboot would.
    if ! pgrep -x conmon >/dev/null && ! grep -qE ' /run/(libpod|containers|runc)/' /proc/mounts; then
      rm -rf /run/libpod /run/containers /run/runc
      # Its bridges too, where the kernel outlived that state: one left on the host's routes makes
      # Podman refuse its network's subnet ("already used on the host").
      for br in $(ip -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}' | grep -E '^podman[0-9]+$'); do
        ip link del "$br" || true
      done
    fi
    # Rootful Podman raises a container's open-files and process limits (to 1048576 and 4194304),
    # which fails where this machine's own hard limits are lower (CI sandboxes): give containers
    # this machine's limits (processes: at most 32768, the limit Podman sets for itself).
    local nofile nproc; nofile=$(ulimit -Hn) nproc=$(ulimit -Hu)
    [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
    printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n' \
      "$nofile" "$nofile" "$nproc" "$nproc" >"$STATE/containers.conf"
    # cgroupfs and a file event log: CI containers and this machine have no systemd. Started in the
    # state folder: conmon writes a file `oom` into its working folder when a container is OOM-killed
    # (the limits tests), which would otherwise land in the checkout.
    (cd "$STATE" && CONTAINERS_CONF=$STATE/containers.conf exec setsid podman --cgroup-manager=cgroupfs --events-backend=file system service --time=0 "unix://$PODMAN_SOCK" \
      >"$STATE/podman.log" 2>&1 </dev/null) &
    echo $! >"$STATE/podman.pid"
    wait_for 30 podman_up || { log "podman did not start"; tail -20 "$STATE/podman.log" >&2; exit 1; }
  fi
  echo "ECS_LOCAL_TEST_ENGINE=podman DOCKER_HOST=unix://$PODMAN_SOCK"
}

remote_up() { docker -H "tcp://$REMOTE_ADDR:2375" version >/dev/null 2>&1; }

start_remote() {
  command -v ip >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null; }
  if ! ip netns list | grep -qw "$NETNS"; then ip netns add "$NETNS"; fi
  if ! ip link show "$HOST_IF" >/dev/null 2>&1; then
    ip link add "$HOST_IF" type veth peer name "$NS_IF"
    ip link set "$NS_IF" netns "$NETNS"
    ip addr add "$HOST_ADDR/30" dev "$HOST_IF"
    ip link set "$HOST_IF" up
    ip -n "$NETNS" addr add "$REMOTE_ADDR/30" dev "$NS_IF"
    ip -n "$NETNS" link set "$NS_IF" up
    ip -n "$NETNS" link set lo up
  fi
  if ! remote_up; then
    local root=/var/lib/ecs-local-ci/remote-docker
    mkdir -p "$root" "$STATE/remote-exec"
    # nsenter, not `ip netns exec`: the latter remounts /sys and hides the cgroup mounts dockerd needs.
    setsid nsenter --net=/var/run/netns/$NETNS dockerd -H "tcp://$REMOTE_ADDR:2375" \
      --data-root "$root" --exec-root "$STATE/remote-exec" --pidfile "$STATE/remote-docker.pid" \
      --bip "$REMOTE_BIP" >"$STATE/remote-docker.log" 2>&1 </dev/null &
    wait_for 60 remote_up || { log "the remote dockerd did not start"; tail -20 "$STATE/remote-docker.log" >&2; exit 1; }
  fi
  echo "ECS_LOCAL_TEST_ENGINE=remote DOCKER_HOST=tcp://$REMOTE_ADDR:2375"
}

# The lowest start above every subordinate id range already given (a range must not overlap another user's).
free_subid_start() { # file
  [ -s "$1" ] || { echo 100000; return; }
  awk -F: 'BEGIN { next_ = 100000 } NF == 3 && $2 + $3 > next_ { next_ = $2 + $3 } END { print next_ }' "$1"
}

ROOTLESS_USER=ecsrootless

# What a rootless engine's user needs: the user, subordinate id ranges (useradd gives them where
# login.defs asks it to; else the first free one), and /dev/net/tun for slirp4netns, opened as the
# user: 0666 as on a stock system (sandboxes ship 0600).
rootless_user() {
  id "$1" >/dev/null 2>&1 || useradd -m -s /bin/bash "$1"
  for f in /etc/subuid /etc/subgid; do
    grep -q "^$1:" "$f" 2>/dev/null || echo "$1:$(free_subid_start "$f"):65536" >>"$f"
  done
  [ -c /dev/net/tun ] || { mkdir -p /dev/net && mknod /dev/net/tun c 10 200; }
  chmod 666 /dev/net/tun
}

rootless_sock() { echo "/run/user/$(id -u "$ROOTLESS_USER")/podman/podman.sock"; }
rootless_up() { docker -H "unix://$(rootless_sock)" version >/dev/null 2>&1; }

start_rootless() {
  command -v podman >/dev/null && command -v newuidmap >/dev/null && command -v slirp4netns >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman uidmap slirp4netns fuse-overlayfs >/dev/null
  }
  rootless_user "$ROOTLESS_USER"
  local uid run; uid=$(id -u "$ROOTLESS_USER") run=/run/user/$(id -u "$ROOTLESS_USER")
  mkdir -p "$run/podman" && chown -R "$ROOTLESS_USER:" "$run" && chmod 700 "$run"
  if ! rootless_up; then
    # A rootless network namespace left by an earlier, failed start is reused as is and fails
    # ("failed to mount runtime directory for rootless netns"): start from a clean runtime folder.
    # Podman's runtime state in the user's runtime folder outlives its processes where /run is not a
    # tmpfs (a machine image taken while containers ran): Podman then takes those containers for
    # running and fails ("invalid internal status, try resetting the pause process"). With every
    # process of the user gone the folder describes nothing: empty it, as a reboot would.
    pkill -9 -u "$ROOTLESS_USER" 2>/dev/null || true
    wait_for 10 sh -c "! pgrep -u $ROOTLESS_USER" || true
    for ns in "$run"/netns/*; do [ -e "$ns" ] && { umount "$ns" 2>/dev/null || true; rm -f "$ns"; }; done
    find "$run" -mindepth 1 -delete 2>/dev/null || true
    mkdir -p "$run/podman" && chown -R "$ROOTLESS_USER:" "$run"
    # The user writes its log itself: the file is made for it in this script's (root's) folder.
    install -o "$ROOTLESS_USER" -m 600 /dev/null "$STATE/rootless-podman.log"
    su "$ROOTLESS_USER" -s /bin/sh -c "cd && XDG_RUNTIME_DIR=$run setsid podman --cgroup-manager=cgroupfs --events-backend=file system service --time=0 unix://$run/podman/podman.sock >$STATE/rootless-podman.log 2>&1 </dev/null &"
    wait_for 30 rootless_up || { log "rootless podman did not start"; tail -20 "$STATE/rootless-podman.log" >&2; exit 1; }
  fi
  echo "ECS_LOCAL_TEST_ENGINE=rootless DOCKER_HOST=unix://$(rootless_sock)"
}

ROOTLESS_DOCKER_USER=ecsdocker

rootless_docker_sock() { echo "/run/user/$(id -u "$ROOTLESS_DOCKER_USER")/docker.sock"; }
rootless_docker_up() { docker -H "unix://$(rootless_docker_sock)" version >/dev/null 2>&1; }

start_rootless_docker() {
  local contrib=/usr/share/docker.io/contrib
  command -v dockerd >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null; }
  command -v rootlesskit >/dev/null && command -v newuidmap >/dev/null && command -v slirp4netns >/dev/null || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rootlesskit uidmap slirp4netns >/dev/null
  }
  [ -x "$contrib/dockerd-rootless.sh" ] || { log "no $contrib/dockerd-rootless.sh (Debian's docker.io ships it)"; exit 1; }
  rootless_user "$ROOTLESS_DOCKER_USER"
  local run; run=/run/user/$(id -u "$ROOTLESS_DOCKER_USER")
  mkdir -p "$run" && chown "$ROOTLESS_DOCKER_USER:" "$run" && chmod 700 "$run"
  if ! rootless_docker_up; then
    # What an earlier, failed start left (RootlessKit's state, dockerd's pid file) would stop this one.
    pkill -u "$ROOTLESS_DOCKER_USER" 2>/dev/null || true
    rm -rf "$run/dockerd-rootless" "$run/docker.pid" "$run/docker.sock" "$run/docker"
    install -o "$ROOTLESS_DOCKER_USER" -m 600 /dev/null "$STATE/rootless-docker.log"
    su "$ROOTLESS_DOCKER_USER" -s /bin/sh -c "cd && XDG_RUNTIME_DIR=$run PATH=$contrib:\$PATH setsid dockerd-rootless.sh >$STATE/rootless-docker.log 2>&1 </dev/null &"
    wait_for 60 rootless_docker_up || { log "rootless docker did not start"; tail -20 "$STATE/rootless-docker.log" >&2; exit 1; }
  fi
  echo "ECS_LOCAL_TEST_ENGINE=rootless-docker DOCKER_HOST=unix://$(rootless_docker_sock)"
}

stop_all() {
  id "$ROOTLESS_USER" >/dev/null 2>&1 && pkill -u "$ROOTLESS_USER" 2>/dev/null || true
  id "$ROOTLESS_DOCKER_USER" >/dev/null 2>&1 && pkill -u "$ROOTLESS_DOCKER_USER" 2>/dev/null || true
  for f in "$STATE/podman.pid" "$STATE/remote-docker.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
}

what=("$@")
[ ${#what[@]} -eq 0 ] && what=(podman remote)
for w in "${what[@]}"; do
  case "$w" in
    podman) start_podman ;;
    remote) start_remote ;;
    rootless) start_rootless ;;
    rootless-docker) start_rootless_docker ;;
    stop) stop_all ;;
    *) log "unknown engine $w (podman, remote, rootless, rootless-docker, stop)"; exit 2 ;;
  esac
done
