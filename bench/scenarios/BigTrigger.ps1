<#
.SYNOPSIS
    Counts the failed runs of the big trigger with the module and with Invoke-RestMethod, side
    by side in this one process, and prints the milliseconds of every round as JSON.
.DESCRIPTION
    Besides the two whole pipelines it times their parts, which is what says where the time
    goes: fetching alone (Measure-Object straight after the fetch), and Where-Object alone over
    runs already in memory, typed and as Invoke-RestMethod's PSCustomObjects.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Url,
    [Parameter(Mandatory)][string] $Key,
    [string] $TriggerId = 'big',
    [int] $Rounds = 3
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot 'Interleave.psm1')
Connect-PantoQa -ApiKey $Key -BaseUri $Url

$headers = @{ 'X-PANTO-API-KEY' = $Key }
$uri = "$Url/api/v1/qa/external/test-runs-by-trigger/$TriggerId"
$typed = @(Get-PantoTriggerRuns $TriggerId)
$custom = @((Invoke-RestMethod -Uri $uri -Headers $headers).test_runs)
$ways = [ordered]@{
    module           = { (Get-PantoTriggerRuns $TriggerId | Where-Object runner_status -eq failed | Measure-Object).Count }
    irm              = { ((Invoke-RestMethod -Uri $uri -Headers $headers).test_runs | Where-Object runner_status -eq failed | Measure-Object).Count }
    moduleFetchOnly  = { (Get-PantoTriggerRuns $TriggerId | Measure-Object).Count }
    irmFetchOnly     = { ((Invoke-RestMethod -Uri $uri -Headers $headers).test_runs | Measure-Object).Count }
    whereTyped       = { ($typed | Where-Object runner_status -eq failed | Measure-Object).Count }
    whereCustom      = { ($custom | Where-Object runner_status -eq failed | Measure-Object).Count }
}

$expected = @{}
foreach ($name in $ways.Keys) { $expected[$name] = & $ways[$name] }
if ($expected.module -ne $expected.irm -or $expected.moduleFetchOnly -ne $typed.Count) { throw 'The ways disagree on the runs.' }

$times = Measure-Interleaved -Ways $ways -Rounds $Rounds -Run { param($name) & $ways[$name] } -Check {
    param($name, $count)
    if ($count -ne $expected[$name]) { throw "$name counted $count, not $($expected[$name])." }
}
@{ Runs = $typed.Count; Failed = $expected.module; Times = $times } | ConvertTo-Json -Compress -Depth 5
