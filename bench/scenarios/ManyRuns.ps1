<#
.SYNOPSIS
    Fetches the same ids one by one in several ways, side by side in this one process, and
    prints the milliseconds of every round of every way as JSON.
.DESCRIPTION
    Ways: a foreach loop of Invoke-RestMethod, the HttpClient floor (HttpFloor.cs), and
    Get-PantoTestRun with its default throttle and with each of -Throttles. Each way runs once on
    a few ids first, so no round pays for JIT. Rounds rotate the order of the ways, so drift in
    the machine's load falls on all of them alike.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Url,
    [Parameter(Mandatory)][string] $Key,
    [int] $Count = 2000,
    [int] $Rounds = 3,
    [string] $Throttles = '1,2,4,8,16'
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot 'Interleave.psm1')
Add-Type -Path (Join-Path $PSScriptRoot 'HttpFloor.cs')
Connect-PantoQa -ApiKey $Key -BaseUri $Url

$headers = @{ 'X-PANTO-API-KEY' = $Key }
$ways = [ordered]@{
    irm     = { param($ids) foreach ($id in $ids) { (Invoke-RestMethod -Uri "$Url/api/v1/qa/external/test-run/$id" -Headers $headers).test_run } }
    floor   = { param($ids) [PantoQa.Bench.HttpFloor]::GetRuns($Url, $Key, [string[]] $ids) }
    default = { param($ids) $ids | Get-PantoTestRun }
}
foreach ($throttle in $Throttles -split ',') {
    $ways["throttle$throttle"] = [scriptblock]::Create("param(`$ids) `$ids | Get-PantoTestRun -ThrottleLimit $throttle")
}

$ids = @(1..$Count | ForEach-Object { 'big_{0:D5}' -f $_ })
$warmIds = @($ids | Select-Object -Last 20)
foreach ($name in $ways.Keys) {
    $runs = @(& $ways[$name] $warmIds)
    if ($runs.Count -ne $warmIds.Count -or "$($runs.id)" -ne "$warmIds") { throw "$name returned other runs than asked for." }
}

$times = Measure-Interleaved -Ways $ways -Rounds $Rounds -Run { param($name) , @(& $ways[$name] $ids) } -Check {
    param($name, $runs)
    # In input order, every one: a fast way that dropped or reordered runs would not count.
    if ($runs.Count -ne $ids.Count -or $runs[0].id -ne $ids[0] -or $runs[-1].id -ne $ids[-1]) { throw "$name returned other runs than asked for." }
}
@{ Count = $Count; Times = $times } | ConvertTo-Json -Compress -Depth 5
