<#
.SYNOPSIS
    Runs the whole Pester suite in this one process and writes its counts as JSON, as the
    Windows PowerShell 5.1 CI job uses it (build.ps1 Test spreads the files over workers
    instead: Invoke-PesterWorker.ps1).
.DESCRIPTION
    Pester exits 0 on failures unless told otherwise, so the counts are read from its result
    object and handed back explicitly, with the reasons a run is not green
    (tools/TestResults.psm1): failed tests, and failed containers and blocks, whose tests never
    ran.

    -Target Desktop runs the end-to-end files against out/PantoQa/desktop/PantoQa.dll, the
    netstandard2.0 build, imported directly instead of through the manifest (see
    TestHelpers.psm1). The files that test the manifest, the package, help or the core build's
    load context, and the longest Reliability files, are left out of that pass, each for the
    reason SuitePlan.psm1 gives.
#>
param(
    [Parameter(Mandatory)][string] $PesterManifest,
    [Parameter(Mandatory)][string] $SummaryPath,
    [Parameter(Mandatory)][string] $ResultsDir,
    [string] $ExcludeTag = '',
    [ValidateSet('Manifest', 'Desktop')][string] $Target = 'Manifest'
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
Import-Module (Join-Path $PSScriptRoot '../../tools/TestResults.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'SuitePlan.psm1') -Force

# Read by TestHelpers.psm1 here and in every process the tests start.
$env:PANTOQA_TEST_TARGET = $Target

$configuration = New-PesterRunConfiguration -Path $PSScriptRoot -ResultPath (Join-Path $ResultsDir "pester-$($Target.ToLowerInvariant()).xml") -ExcludeTag $ExcludeTag
# The files the pass leaves out, and why, are SuitePlan.psm1's, as for build.ps1's workers.
$notForTarget = Get-PesterSkippedFile -Target $Target
foreach ($file in $notForTarget.Keys) { Write-Host "$Target pass leaves out ${file}: $($notForTarget[$file])." }
if ($notForTarget.Count -gt 0) { $configuration.Run.ExcludePath = @($notForTarget.Keys | ForEach-Object { Join-Path $PSScriptRoot $_ }) }

$result = Invoke-Pester -Configuration $configuration
$suite = Get-PesterSuiteResult -Name "Pester ($Target)" -Result $result
@{
    Passed   = $suite.Passed
    Failed   = $suite.Failed
    Skipped  = $suite.Skipped
    Problems = @($suite.Problems)
} | ConvertTo-Json | Set-Content -Path $SummaryPath
