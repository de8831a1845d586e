<#
.SYNOPSIS
    Runs the Pester suite and writes its counts as JSON for build.ps1.
.DESCRIPTION
    Pester exits 0 on failures unless told otherwise, so the counts are read from its result
    object and handed back explicitly, with the reasons a run is not green
    (tools/TestResults.psm1): failed tests, and failed containers and blocks, whose tests never
    ran.

    -Target Desktop runs the end-to-end files against out/PantoQa/desktop/PantoQa.dll, the
    netstandard2.0 build, imported directly instead of through the manifest (see
    TestHelpers.psm1). The files that test the manifest, the package, help or the core build's
    load context, and the longest Reliability files, are left out of that pass, each for the
    reason listed below.
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

# Read by TestHelpers.psm1 here and in every process the tests start.
$env:PANTOQA_TEST_TARGET = $Target

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $ResultsDir "pester-$($Target.ToLowerInvariant()).xml"
$excluded = @($ExcludeTag -split ',' | Where-Object { $_ })
if ($Target -eq 'Desktop') {
    $notForDesktop = [ordered]@{
        'Coexistence.Tests.ps1'   = 'tests the core build''s AssemblyLoadContext, which the desktop build does not have'
        'Help.Tests.ps1'          = 'help is found beside the manifest, which a direct import of the DLL does not use'
        'ImportCost.Tests.ps1'    = 'measures Import-Module of the manifest'
        'Package.Tests.ps1'       = 'checks the manifest and the package made from the whole folder'
        'HostVersion.Tests.ps1'   = 'checks the manifest''s host check, which a direct import of the DLL does not run'
        'Compatibility.Tests.ps1' = 'parses the test files, whatever the module; once is enough'
        'BuildTools.Tests.ps1'    = 'tests build.ps1''s counting, whatever the module; once is enough'
        'Docs.Tests.ps1'          = 'checks the docs, whatever the module; once is enough'
        'Release.Tests.ps1'       = 'checks the release scripts and workflows, whatever the module; once is enough'
        'EmulatorTool.Tests.ps1'  = 'tests the emulator''s tool package, whatever the module; once is enough'
    }
    # The desktop build differs in its HTTP handler, its body reading and its resolver, which
    # Reliability.Stopping and Reliability.HostileServer put to the test here. The others run the
    # same code for minutes under load, so this pass would double the suite's time for little.
    $heavy = 'it runs for minutes through code paths the files run here share'
    foreach ($file in 'Chaos', 'Concurrency', 'HostileInput', 'RetryBudget', 'Secrets') { $notForDesktop["Reliability.$file.Tests.ps1"] = $heavy }
    $notForDesktop['WaitTrigger.Ending.Tests.ps1'] = $heavy
    foreach ($file in $notForDesktop.Keys) { Write-Host "Desktop pass leaves out ${file}: $($notForDesktop[$file])." }
    $configuration.Run.ExcludePath = @($notForDesktop.Keys | ForEach-Object { Join-Path $PSScriptRoot $_ })
}
if ($excluded) { $configuration.Filter.ExcludeTag = $excluded }

$result = Invoke-Pester -Configuration $configuration
$suite = Get-PesterSuiteResult -Name "Pester ($Target)" -Result $result
@{
    Passed   = $suite.Passed
    Failed   = $suite.Failed
    Skipped  = $suite.Skipped
    Problems = @($suite.Problems)
} | ConvertTo-Json | Set-Content -Path $SummaryPath
