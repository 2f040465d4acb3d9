#!/bin/bash
# healthcheck.sh PATH: healthy when the service answers GET PATH on its own port with 200.
# The runtime image has no HTTP client, so bash's /dev/tcp speaks the one request itself.
set -eu
path="${1:?usage: healthcheck.sh /health}"
port="${ASPNETCORE_HTTP_PORTS:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port%%[;,]*}"
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
read -r _ status _ <&3
[ "$status" = 200 ]
