#!/bin/sh
# Starts the service after turning its secret files into its settings: compose mounts each secret as
# a file named after the setting it holds (/run/secrets/ConnectionStrings__redis), and .NET reads
# settings from the environment. The values go into this process's environment only, never onto a
# command line, and are not printed.
set -eu
directory="${SECRETS_DIRECTORY:-/run/secrets}"
if [ -d "$directory" ]; then
    for file in "$directory"/*; do
        [ -f "$file" ] || continue
        name="${file##*/}"
        # Only names that can be settings (Section__Key); anything else mounted there is left alone.
        case "$name" in
            *[!A-Za-z0-9_]* | [0-9]*) continue ;;
        esac
        value="$(cat "$file")"
        export "$name=$value"
    done
fi
exec dotnet "${SERVICE_ASSEMBLY:?SERVICE_ASSEMBLY names the service assembly}" "$@"
