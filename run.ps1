#!/usr/bin/env pwsh
# Thin entry point for Windows/CI users: every verb maps to the conformance CLI (or dotnet test).
# Usage: ./run.ps1 run [--profile fixtures/profiles/flux.yaml] | test | scenarios | validate FILE | pki DIR | bench | report ...
param(
    [Parameter(Position = 0)] [string] $Verb = 'run',
    [Parameter(Position = 1, ValueFromRemainingArguments = $true)] [string[]] $Rest = @()
)
$ErrorActionPreference = 'Stop'
Set-Location -Path $PSScriptRoot
$cli = @('run', '--project', 'harness/Conformance.Cli', '--')

switch ($Verb) {
    'run'       { dotnet @cli run @Rest }
    'test'      { dotnet test @Rest }
    'scenarios' { dotnet @cli scenarios @Rest }
    'validate'  { dotnet @cli profiles validate @Rest }
    'pki'       { dotnet @cli pki create --out @Rest }
    'bench'     { dotnet @cli bench @Rest }
    'cluster'   { dotnet @cli cluster @Rest }
    'report'    { dotnet @cli report @Rest }
    default     { Write-Error "unknown verb '$Verb' (run, test, scenarios, validate, pki, bench, cluster, report)"; exit 2 }
}
exit $LASTEXITCODE
