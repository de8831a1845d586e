# Which Pester files each pass runs, in which order, and which of them must not share the
# machine. Read by Invoke-PesterSuite.ps1 (the whole suite in one process, as the Windows
# PowerShell 5.1 job runs it) and by build.ps1 Test, which spreads the files over worker
# processes (tools/BuildTools.psm1, Invoke-PesterWorker.ps1).

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# The Desktop pass runs the end-to-end files against the netstandard2.0 build; these are left out of it.
$NotForDesktop = [ordered]@{
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
# Reliability.Stopping and Reliability.HostileServer put to the test there. The others run the
# same code for minutes under load, so that pass would double the suite's time for little.
foreach ($file in 'Reliability.Chaos', 'Reliability.Concurrency', 'Reliability.HostileInput', 'Reliability.RetryBudget', 'Reliability.Secrets', 'WaitTrigger.Ending') {
    $NotForDesktop["$file.Tests.ps1"] = 'it runs for minutes through code paths the files run there share'
}

# Files that run after all the others, with nothing beside them.
$RunAlone = [ordered]@{
    'ImportCost.Tests.ps1' = 'it measures how long Import-Module takes and prints that figure, which a busy machine would distort'
}

# Files that use the same per-user state run one after the other in one worker.
$SharedState = @(
    [pscustomobject]@{
        Files  = @('Package.Tests.ps1', 'Release.Tests.ps1', 'EmulatorTool.Tests.ps1')
        Reason = 'the first two register PSResourceGet repositories, kept in one per-user file that two processes must not rewrite at once, and the last two pack the emulator project, which writes into its obj folder'
    }
)

# Seconds each file took in the Manifest pass on the 2-core machine. Only the order comes from
# them: the longest start first, so no long file is left to run alone at the end. A file not
# listed counts as short.
$Seconds = @{
    'Release.Tests.ps1' = 104; 'Package.Tests.ps1' = 90; 'Reliability.Secrets.Tests.ps1' = 89; 'Reliability.Chaos.Tests.ps1' = 63
    'WaitTrigger.Ending.Tests.ps1' = 45; 'Docs.Tests.ps1' = 42; 'StartTest.Tests.ps1' = 34; 'WaitTrigger.Load.Tests.ps1' = 33
    'Reliability.RetryBudget.Tests.ps1' = 33; 'Reliability.Stopping.Tests.ps1' = 31; 'Gate.Random.Tests.ps1' = 29
    'WaitTrigger.Tests.ps1' = 26; 'Action.Tests.ps1' = 25; 'Gate.Tests.ps1' = 25; 'ImportCost.Tests.ps1' = 21
    'Reliability.HostileServer.Tests.ps1' = 20; 'CiLog.Tests.ps1' = 95; 'ExportGate.Tests.ps1' = 35; 'CiRecipes.Tests.ps1' = 30; 'EmulatorTool.Tests.ps1' = 13; 'Restart.Tests.ps1' = 10
    'Coexistence.Tests.ps1' = 7; 'HostVersion.Tests.ps1' = 7; 'Reliability.Concurrency.Tests.ps1' = 5; 'Help.Tests.ps1' = 5
    'BuildTools.Tests.ps1' = 100; 'ExportReport.Tests.ps1' = 3; 'Connect.Network.Tests.ps1' = 3; 'Connect.Tests.ps1' = 2
}

# The longest one file may run before build.ps1 stops its worker, so a hung test fails the
# suite instead of holding CI until the job's own limit. Almost six times the longest file
# above: a machine that also runs another build makes a file two to three times slower.
$FileTimeLimitSeconds = 600

# Files that need neither the emulator nor a built module's end-to-end behaviour: what build.ps1 Test -Fast runs.
$FastFiles = @('BuildTools.Tests.ps1', 'Compatibility.Tests.ps1', 'ApiDrift.Tests.ps1', 'Help.Tests.ps1', 'HostVersion.Tests.ps1')

function New-PesterRunConfiguration {
    <# How every pass runs Pester: Path (files or a folder), detailed output, NUnit XML to ResultPath, without the tags in ExcludeTag (comma-separated). #>
    param([Parameter(Mandatory)][string[]] $Path, [Parameter(Mandatory)][string] $ResultPath, [string] $ExcludeTag = '')
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $Path
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $ResultPath
    $excluded = @($ExcludeTag -split ',' | Where-Object { $_ })
    if ($excluded) { $configuration.Filter.ExcludeTag = $excluded }
    $configuration
}

function Get-PesterSkippedFile {
    <# The files a pass leaves out, each with the reason. #>
    param([ValidateSet('Manifest', 'Desktop')][string] $Target = 'Manifest')
    if ($Target -eq 'Desktop') { return $NotForDesktop }
    [ordered]@{}
}

function Get-PesterJob {
    <#
    .SYNOPSIS
        The pass's files as jobs for the workers, longest first, then those that run alone.
    .DESCRIPTION
        A job is one or more files one worker runs in order: Target, Files (full paths), Name,
        Seconds, Alone. -Fast keeps only the files that need no emulator.
    #>
    param(
        [Parameter(Mandatory)][string] $Directory,
        [ValidateSet('Manifest', 'Desktop')][string] $Target = 'Manifest',
        [switch] $Fast
    )
    $skipped = Get-PesterSkippedFile -Target $Target
    $names = @(Get-ChildItem -Path $Directory -Filter '*.Tests.ps1' | ForEach-Object Name | Sort-Object |
            Where-Object { -not $skipped.Contains($_) -and (-not $Fast -or $FastFiles -contains $_) })
    $jobs = New-Object System.Collections.Generic.List[object]
    $grouped = @{}
    foreach ($group in $SharedState) {
        $members = @($group.Files | Where-Object { $names -contains $_ })
        foreach ($member in $members) { $grouped[$member] = $true }
        if ($members.Count -gt 0) { $jobs.Add((New-PesterJob -Directory $Directory -Target $Target -Names $members)) }
    }
    foreach ($name in $names | Where-Object { -not $grouped.ContainsKey($_) }) {
        $jobs.Add((New-PesterJob -Directory $Directory -Target $Target -Names @($name)))
    }
    @($jobs | Sort-Object -Property @{ Expression = 'Alone' }, @{ Expression = 'Seconds'; Descending = $true }, @{ Expression = 'Name' })
}

function New-PesterJob {
    param([Parameter(Mandatory)][string] $Directory, [Parameter(Mandatory)][string] $Target, [Parameter(Mandatory)][string[]] $Names)
    $total = 0
    foreach ($name in $Names) { if ($Seconds.ContainsKey($name)) { $total += $Seconds[$name] } }
    [pscustomobject]@{
        Target  = $Target
        Name    = $Names -join ' + '
        Files   = @($Names | ForEach-Object { Join-Path $Directory $_ })
        Seconds = $total
        Alone   = [bool] @($Names | Where-Object { $RunAlone.Contains($_) }).Count
    }
}

function Get-PesterPlanNote {
    <# One line per file that runs alone or shares a worker, with the reason, for the log. #>
    foreach ($name in $RunAlone.Keys) { "$name runs alone, after the others: $($RunAlone[$name])." }
    foreach ($group in $SharedState) { "$($group.Files -join ', ') run one after the other: $($group.Reason)." }
}

Export-ModuleMember -Function New-PesterRunConfiguration, Get-PesterSkippedFile, Get-PesterJob, Get-PesterPlanNote -Variable FileTimeLimitSeconds
