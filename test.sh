#!/usr/bin/env bash
# The project's test command (README.md): builds the solution and runs every test project.
# Tests that need something this machine cannot run (a GPU, an Elasticsearch server) are reported as skipped.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Llama3Siem.sln -c Release -warnaserror --nologo -v minimal
dotnet test Llama3Siem.sln -c Release --no-build --nologo -v minimal "$@"
