<#
.SYNOPSIS
    Runs the Pester suite and writes its counts as JSON for build.ps1.
.DESCRIPTION
    Pester exits 0 on failures unless told otherwise, so the counts are read from its result
    object and handed back explicitly.
#>
param(
    [Parameter(Mandatory)][string] $PesterManifest,
    [Parameter(Mandatory)][string] $SummaryPath,
    [Parameter(Mandatory)][string] $ResultsDir,
    [string] $ExcludeTag = ''
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $ResultsDir 'pester.xml'
if ($ExcludeTag) { $configuration.Filter.ExcludeTag = $ExcludeTag -split ',' }

$result = Invoke-Pester -Configuration $configuration
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{
    Passed    = $result.PassedCount
    Failed    = $failed
    Completed = ($result.Result -ne 'NotRun')
} | ConvertTo-Json | Set-Content -Path $SummaryPath
