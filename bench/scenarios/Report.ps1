<#
.SYNOPSIS
    Writes the JUnit report of the big trigger with Export-PantoTestReport, with a lean script
    (one XmlWriter) and with the floor (ReportFloor.cs: one XmlWriter in compiled code writing
    the very same document), side by side in this one process, from the same -Summary result in
    memory, and prints the milliseconds of every round as JSON. -Mode Memory instead measures
    the module's peak working set in this fresh process.
.DESCRIPTION
    Runs alone too: without -Url it starts the built emulator with a 10,000-run big trigger.
        dotnet pwsh ./bench/scenarios/Report.ps1
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../../out/PantoQa'),
    [string] $Url,
    [string] $Key = 'emulator-key',
    [string] $TriggerId = 'big',
    [int] $Rounds = 5,
    [ValidateSet('Time', 'Memory')][string] $Mode = 'Time'
)
$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModulePath).Path
Import-Module (Join-Path $PSScriptRoot 'Interleave.psm1')

$emulator = $null
if (-not $Url) {
    Import-Module (Join-Path $PSScriptRoot '../../tools/EmulatorProcess.psm1')
    $emulator = Start-PantoEmulator -EmulatorDll (Join-Path $PSScriptRoot '../../out/emulator/PantoQa.Emulator.dll') -Arguments '--big-trigger-runs', '10000'
    $Url = $emulator.Url
}

function Add-ReportFloor {
    <# Compiles ReportFloor.cs against the PantoQa.Client the module loaded, whose TestRun objects it reads. #>
    param([Parameter(Mandatory)] $Result)
    Add-Type -Path (Join-Path $PSScriptRoot 'ReportFloor.cs') -IgnoreWarnings -CompilerOptions '/nowarn:CS1701' -ReferencedAssemblies @(
        $Result.GetType().Assembly.Location, 'System.Runtime', 'System.Collections', 'System.Xml.ReaderWriter', 'System.Text.Encoding.Extensions')
}

function Write-JUnitByScript {
    <# What a lean script author writes: one streaming XmlWriter and plain loops, the statuses the module counts as failed. #>
    param([Parameter(Mandatory)] $Result, [Parameter(Mandatory)][string] $Path)
    $failedStatuses = [System.Collections.Generic.HashSet[string]]::new([string[]] @('failed', 'error', 'cancelled', 'timed_out', 'aborted', 'skipped'), [StringComparer]::OrdinalIgnoreCase)
    $invariant = [cultureinfo]::InvariantCulture
    $settings = [System.Xml.XmlWriterSettings]::new()
    $settings.Indent = $true
    $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
    $writer = [System.Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartElement('testsuites')
        $writer.WriteStartElement('testsuite')
        $writer.WriteAttributeString('name', "Panto QA trigger $($Result.trigger_id)")
        $writer.WriteAttributeString('timestamp', [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ss', $invariant))
        $writer.WriteAttributeString('hostname', [Environment]::MachineName)
        $writer.WriteAttributeString('tests', $Result.total.ToString($invariant))
        $writer.WriteAttributeString('failures', $Result.failed.ToString($invariant))
        $writer.WriteAttributeString('errors', '0')
        $writer.WriteAttributeString('time', '0')
        $writer.WriteAttributeString('id', '0')
        $writer.WriteAttributeString('package', 'PantoQa')
        $writer.WriteStartElement('properties')
        $writer.WriteEndElement()
        foreach ($run in $Result.test_runs) {
            # A device's ToString() is "platform device_name platform_version".
            $devices = $run.target_device_list -join ', '
            $classname = if ($run.test_flow_id) { $run.test_flow_id } else { $run.test_suite_id }
            $seconds = 0
            if ($run.runner_start_timestamp -and $run.runner_end_timestamp) {
                $seconds = ($run.runner_end_timestamp - $run.runner_start_timestamp).TotalSeconds
            }
            $writer.WriteStartElement('testcase')
            $writer.WriteAttributeString('name', "$($run.test_run_name) ($devices)")
            $writer.WriteAttributeString('classname', $classname)
            $writer.WriteAttributeString('time', $seconds.ToString($invariant))
            if ($run.runner_status -and $failedStatuses.Contains($run.runner_status)) {
                $writer.WriteStartElement('failure')
                $writer.WriteAttributeString('message', "$($run.remark)")
                $writer.WriteAttributeString('type', $run.runner_status)
                $writer.WriteString("$($run.remark)")
                $writer.WriteEndElement()
            }
            elseif ($run.runner_status -ne 'passed') {
                $writer.WriteStartElement('skipped')
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()
        }
        $writer.WriteElementString('system-out', '')
        $writer.WriteElementString('system-err', '')
        $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    finally { $writer.Dispose() }
}

try {
    Connect-PantoQa -ApiKey $Key -BaseUri $Url
    $folder = Join-Path ([IO.Path]::GetTempPath()) "PantoQaBench-Report-$PID"
    $null = New-Item -ItemType Directory -Force -Path $folder
    $moduleFile = Join-Path $folder 'module.xml'
    $scriptFile = Join-Path $folder 'script.xml'
    $floorFile = Join-Path $folder 'floor.xml'
    $summary = Get-PantoTriggerRuns $TriggerId -Summary
    Add-ReportFloor -Result $summary
    $warmUp = Get-PantoTriggerRuns t1 -Summary
    $warmUp | Export-PantoTestReport -Path $moduleFile
    Write-JUnitByScript -Result $warmUp -Path $scriptFile
    [PantoQa.Bench.ReportFloor]::Write($warmUp, $floorFile)

    if ($Mode -eq 'Memory') {
        # The fetch has its own peak; what the report adds shows as the peak rising past it,
        # and as the bytes allocated while it is written (a DOM or a copy of the runs would be
        # several times the file's size).
        [GC]::Collect()
        $process = [System.Diagnostics.Process]::GetCurrentProcess()
        $process.Refresh()
        $baseline = $process.WorkingSet64
        $peakBefore = $process.PeakWorkingSet64
        $allocatedBefore = [GC]::GetTotalAllocatedBytes($true)
        $summary | Export-PantoTestReport -Path $moduleFile
        $allocated = [GC]::GetTotalAllocatedBytes($true) - $allocatedBefore
        $process.Refresh()
        @{
            Runs = $summary.total; Baseline = $baseline; PeakBefore = $peakBefore; Peak = $process.PeakWorkingSet64
            Allocated = $allocated; Bytes = (Get-Item $moduleFile).Length
        } | ConvertTo-Json -Compress
        return
    }

    $ways = [ordered]@{
        module = { $summary | Export-PantoTestReport -Path $moduleFile; $moduleFile }
        script = { Write-JUnitByScript -Result $summary -Path $scriptFile; $scriptFile }
        floor  = { [PantoQa.Bench.ReportFloor]::Write($summary, $floorFile); $floorFile }
    }
    # Each must write a testcase per run, and the same number of failures, or the race is void;
    # the floor must write the module's very document, byte for byte (its timestamp is the runs').
    $times = Measure-Interleaved -Ways $ways -Rounds $Rounds -Run { param($name) & $ways[$name] } -Check {
        param($name, $path)
        $text = [IO.File]::ReadAllText($path)
        $cases = [regex]::Matches($text, '<testcase ').Count
        $failures = [regex]::Matches($text, '<failure ').Count
        if ($cases -ne $summary.total -or $failures -ne $summary.failed) {
            throw "$name wrote $cases testcases and $failures failures, not $($summary.total) and $($summary.failed)."
        }
        if ($name -eq 'floor' -and $text -cne [IO.File]::ReadAllText($moduleFile)) {
            throw "The floor did not write the same document as Export-PantoTestReport."
        }
    }
    @{ Runs = $summary.total; Failed = $summary.failed; Times = $times } | ConvertTo-Json -Compress -Depth 5
}
finally {
    if ($folder) { Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue }
    if ($emulator) { $emulator | Stop-PantoEmulator }
}
