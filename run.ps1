#!/usr/bin/env pwsh
# Thin entry point for Windows/CI users: the first word picks the verb, every word after it goes unchanged to the
# conformance CLI (or to dotnet test); the exit code is the CLI's (0 conformant, 1 non-conformant, 2 bad usage,
# 3 infrastructure).
#   ./run.ps1 [run] [--profile fixtures/profiles/flux.yaml] [--suite rotation] [--seed 7]
#   ./run.ps1 test [dotnet test options]
#   ./run.ps1 scenarios
#   ./run.ps1 profiles validate FILE          (./run.ps1 validate FILE for short)
#   ./run.ps1 profiles show FILE              (the profile as read: an overlay merged with its bases)
#   ./run.ps1 profiles schema [--out schemas] [--docs docs]  (regenerate the JSON Schemas and key references)
#   ./run.ps1 pki create --out DIR
#   ./run.ps1 bench [options]
#   ./run.ps1 report render RESULTS.json --out DIR | report diff A.json B.json | report merge RESULTS.json... --out DIR
#   ./run.ps1 cluster up [--load-image conformance/reference:dev] | cluster down | cluster status
# No param block on purpose: an advanced script's common parameters would capture or refuse the CLI's options
# (`run -p FILE` fails as "ambiguous: -ProgressAction, -PipelineVariable"); $args passes every word through as typed.
$ErrorActionPreference = 'Stop'
$Verb = if ($args.Count -gt 0) { [string] $args[0] } else { 'run' }
# @(...) around the whole if: an if statement unrolls a one-element array into a string, and splatting a string
# passes its characters one by one.
$Rest = @(if ($args.Count -gt 1) { $args[1..($args.Count - 1)] })
Set-Location -Path $PSScriptRoot
$cli = @('run', '--project', 'harness/Conformance.Cli', '--')

# Verbs whose CLI command has sub-commands: the word after the verb must name one of them (or ask for help).
$subcommands = @{
    'profiles' = @('validate', 'show', 'schema')
    'pki'      = @('create')
    'report'   = @('render', 'diff', 'merge')
    'cluster'  = @('up', 'down', 'status')
}
if ($subcommands.ContainsKey($Verb)) {
    $first = if ($Rest.Count -gt 0) { [string] $Rest[0] } else { '' }
    if ($subcommands[$Verb] -notcontains $first -and @('--help', '-h', '-?') -notcontains $first) {
        Write-Error "usage: ./run.ps1 $Verb <$($subcommands[$Verb] -join '|')> [options]" -ErrorAction Continue
        exit 2
    }
}

switch ($Verb) {
    'run'       { dotnet @cli run @Rest }
    'test'      { dotnet test @Rest }
    'scenarios' { dotnet @cli scenarios @Rest }
    'profiles'  { dotnet @cli profiles @Rest }
    'validate'  { dotnet @cli profiles validate @Rest }
    'pki'       { dotnet @cli pki @Rest }
    'bench'     { dotnet @cli bench @Rest }
    'report'    { dotnet @cli report @Rest }
    'cluster'   { dotnet @cli cluster @Rest }
    default {
        Write-Error "unknown verb '$Verb' (run, test, scenarios, profiles, validate, pki, bench, report, cluster)" -ErrorAction Continue
        exit 2
    }
}
exit $LASTEXITCODE
