<#
.SYNOPSIS
    In this fresh process: the working set after import and a warm-up on a small trigger, then
    the peak working set after counting the failed runs of the big trigger. Prints JSON.
.PARAMETER Way
    module (Get-PantoTriggerRuns) or irm (Invoke-RestMethod), the same pipelines as BigTrigger.ps1.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Url,
    [Parameter(Mandatory)][string] $Key,
    [ValidateSet('module', 'irm')][string] $Way = 'module',
    [string] $TriggerId = 'big',
    [string] $WarmUpTriggerId = 't1'
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Connect-PantoQa -ApiKey $Key -BaseUri $Url
$headers = @{ 'X-PANTO-API-KEY' = $Key }
$count = if ($Way -eq 'module') {
    { param($id) (Get-PantoTriggerRuns $id | Where-Object runner_status -eq failed | Measure-Object).Count }
}
else {
    { param($id) ((Invoke-RestMethod -Uri "$Url/api/v1/qa/external/test-runs-by-trigger/$id" -Headers $headers).test_runs | Where-Object runner_status -eq failed | Measure-Object).Count }
}

$null = & $count $WarmUpTriggerId
$process = [System.Diagnostics.Process]::GetCurrentProcess()
$process.Refresh()
$baseline = $process.WorkingSet64
$peakBefore = $process.PeakWorkingSet64
$failed = & $count $TriggerId
$process.Refresh()
@{
    Way        = $Way
    Failed     = $failed
    Baseline   = $baseline
    PeakBefore = $peakBefore
    Peak       = $process.PeakWorkingSet64
} | ConvertTo-Json -Compress
