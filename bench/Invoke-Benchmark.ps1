#Requires -Version 7.2
<#
.SYNOPSIS
    The side-by-side benchmark: the module against what a script author would write instead,
    on one machine in one run, against the emulator on loopback. Prints a table and writes
    docs/benchmarks.md.
.DESCRIPTION
    Absolute times drift on a shared machine, so every goal is a ratio of figures measured side
    by side: interleaved in rounds in one process, or in fresh processes one after another.

    Import     Import-Module PantoQa, median of fresh processes, next to PSResourceGet.
    Many runs  2,000 ids into Get-PantoTestRun, against a foreach loop of Invoke-RestMethod and
               against a bare HttpClient loop (the floor), across throttle limits.
    Big        Counting the failed runs of a 10,000-run trigger, against Invoke-RestMethod;
               and the peak working set that takes, against the payload's size.
    Report     Export-PantoTestReport of the 10,000-run trigger from its -Summary in memory,
               against a lean script with one XmlWriter and against the floor, one XmlWriter
               in compiled code writing the same document; and its peak working set.
    Waiting    CPU time of Wait-PantoTrigger over a 30 s wait on 10 triggers, and how long
               after a trigger finishes its result is written.

    The BenchmarkDotNet microbenchmarks in bench/PantoQa.Benchmarks run only with -Micro or by
    hand (see docs/benchmarks.md); their latest reports, when present, are copied into the
    document.
.PARAMETER Micro
    Also run the microbenchmarks, with BenchmarkDotNet's short job in this process's
    toolchain: about a minute more.
.PARAMETER Quick
    Smaller counts and shorter waits, for a check of the benchmark itself. Writes no document
    unless -OutFile says where.
.EXAMPLE
    dotnet pwsh ./build.ps1 Bench
.EXAMPLE
    dotnet pwsh ./bench/Invoke-Benchmark.ps1 -Quick
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/PantoQa'),
    [string] $EmulatorPath = (Join-Path $PSScriptRoot '../out/emulator'),
    [switch] $Quick,
    [switch] $Micro,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
Import-Module (Join-Path $PSScriptRoot '../tools/EmulatorProcess.psm1') -Force

$ModulePath = (Resolve-Path $ModulePath).Path
$EmulatorDll = Join-Path (Resolve-Path $EmulatorPath).Path 'PantoQa.Emulator.dll'
if (-not $OutFile -and -not $Quick) { $OutFile = Join-Path $PSScriptRoot '../docs/benchmarks.md' }
$scenarios = Join-Path $PSScriptRoot 'scenarios'
$key = 'emulator-key'

$settings = if ($Quick) {
    @{ Imports = 10; Ids = 500; ManyRounds = 1; BigRuns = 10000; BigRounds = 1; ReportRounds = 2; Finishes = '6,7,8,9,10,11,12,13,14,15'; PollInterval = 5 }
}
else {
    @{ Imports = 10; Ids = 2000; ManyRounds = 3; BigRuns = 10000; BigRounds = 3; ReportRounds = 5; Finishes = '21,22,23,24,25,26,27,28,29,30'; PollInterval = 10 }
}
$throttles = 1, 2, 4, 8, 16
$defaultThrottle = 8

$machine = Get-MachineInfo
$loadBefore = Get-LoadAverage
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$rows = [System.Collections.Generic.List[object]]::new()

function Write-Stage([string] $Text) {
    Write-Host ('[{0,5:N0} s] {1}' -f $clock.Elapsed.TotalSeconds, $Text) -ForegroundColor Cyan
}

# --- Import -------------------------------------------------------------------------------

Write-Stage "Import: $($settings.Imports) fresh processes per figure"
# A manifest that exports nothing: imported first, it takes PowerShell's one-off cost of a
# session's first import, so what is left is the target's own cost.
$emptyFolder = Join-Path ([IO.Path]::GetTempPath()) "PantoQaBench-$PID/Empty"
$null = New-Item -ItemType Directory -Force -Path $emptyFolder
$emptyManifest = Join-Path $emptyFolder 'Empty.psd1'
Set-Content -Path $emptyManifest -Value "@{ ModuleVersion = '1.0'; GUID = '$([guid]::NewGuid())'; FunctionsToExport = @(); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }"
# Where PantoQa's own cost goes: its format file alone (a manifest with nothing else), and its
# assembly alone (no manifest, no formats).
$formatsOnly = Join-Path (Split-Path $emptyFolder) 'FormatsOnly'
$null = New-Item -ItemType Directory -Force -Path $formatsOnly
Copy-Item (Join-Path $ModulePath 'PantoQa.format.ps1xml') $formatsOnly
Set-Content -Path (Join-Path $formatsOnly 'FormatsOnly.psd1') -Value "@{ ModuleVersion = '1.0'; GUID = '$([guid]::NewGuid())'; FormatsToProcess = @('PantoQa.format.ps1xml'); FunctionsToExport = @(); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }"
$importSeries = [ordered]@{
    'PantoQa, after another'       = @{ Target = $ModulePath; Before = $emptyManifest }
    'PSResourceGet, after another' = @{ Target = 'Microsoft.PowerShell.PSResourceGet'; Before = $emptyManifest }
}
# The rest only explain those two, so half as many processes do for them.
$breakdown = [ordered]@{
    'PantoQa, first import'       = @{ Target = $ModulePath }
    'PSResourceGet, first import' = @{ Target = 'Microsoft.PowerShell.PSResourceGet' }
}
if (-not $Quick) {
    $breakdown['formats alone, after another'] = @{ Target = (Join-Path $formatsOnly 'FormatsOnly.psd1'); Before = $emptyManifest }
    $breakdown['assembly alone, after another'] = @{ Target = (Join-Path $ModulePath 'core/PantoQa.dll'); Before = $emptyManifest }
    # What PowerShell charges for any binary module: its own, with one cmdlet and no formats.
    $breakdown['ThreadJob, after another'] = @{ Target = 'Microsoft.PowerShell.ThreadJob'; Before = $emptyManifest }
}
$importTimes = [ordered]@{}
foreach ($name in @($importSeries.Keys) + @($breakdown.Keys)) { $importTimes[$name] = [System.Collections.Generic.List[double]]::new() }
try {
    # Interleaved, so that a busy moment of the machine falls on every series alike.
    for ($i = 0; $i -lt $settings.Imports; $i++) {
        $series = if ($i % 2) { $importSeries } else { $importSeries + $breakdown }
        foreach ($name in $series.Keys) {
            $result = Invoke-BenchProcess -Script (Join-Path $scenarios 'Import.ps1') -Parameters $series[$name]
            $importTimes[$name].Add($result.Milliseconds)
        }
    }
}
finally {
    Remove-Item (Split-Path $emptyFolder) -Recurse -Force -ErrorAction SilentlyContinue
}
$import = [ordered]@{}
foreach ($name in $importTimes.Keys) { $import[$name] = Get-Median $importTimes[$name] }
$ownImport = $import['PantoQa, after another']
$rows.Add((New-BenchRow 'Import' "Import-Module PantoQa, after another module (median of $($settings.Imports))" (Format-Milliseconds $ownImport) 'under 50 ms' ($ownImport -lt 50)))
$rows.Add((New-BenchRow 'Import' "Import-Module PantoQa, first import of the session" (Format-Milliseconds $import['PantoQa, first import'])))
$rows.Add((New-BenchRow 'Import' 'Import-Module Microsoft.PowerShell.PSResourceGet, after another (reference)' (Format-Milliseconds $import['PSResourceGet, after another'])))
$rows.Add((New-BenchRow 'Import' 'Import-Module Microsoft.PowerShell.PSResourceGet, first import (reference)' (Format-Milliseconds $import['PSResourceGet, first import'])))
$rows.Add((New-BenchRow 'Import' 'PantoQa / PSResourceGet, after another' (Format-Ratio ($ownImport / $import['PSResourceGet, after another']))))
if (-not $Quick) {
    $rows.Add((New-BenchRow 'Import' "of which PantoQa.format.ps1xml alone (a manifest with only FormatsToProcess)" (Format-Milliseconds $import['formats alone, after another'])))
    $rows.Add((New-BenchRow 'Import' "of which core/PantoQa.dll alone (Import-Module on the assembly)" (Format-Milliseconds $import['assembly alone, after another'])))
    $rows.Add((New-BenchRow 'Import' 'Import-Module Microsoft.PowerShell.ThreadJob, after another (reference: one cmdlet, no formats)' (Format-Milliseconds $import['ThreadJob, after another'])))
}

# --- Against the emulator -----------------------------------------------------------------

Write-Stage 'Starting the emulator'
$emulator = Start-PantoEmulator -EmulatorDll $EmulatorDll -Arguments '--big-trigger-runs', "$($settings.BigRuns)"
try {
    $common = @{ ModulePath = $ModulePath; Url = $emulator.Url; Key = $key }

    Write-Stage "Many runs: $($settings.Ids) ids, $($settings.ManyRounds) round(s) of every way"
    $many = Invoke-BenchProcess -Script (Join-Path $scenarios 'ManyRuns.ps1') -Parameters ($common + @{
            Count = $settings.Ids; Rounds = $settings.ManyRounds; Throttles = ($throttles -join ',')
        })
    $m = @{}
    foreach ($property in $many.Times.PSObject.Properties) { $m[$property.Name] = Get-Median $property.Value }
    $ids = '{0:N0} ids' -f $settings.Ids
    $perId = { param($ms) '{0} ({1:N2} ms per id)' -f (Format-Milliseconds $ms), ($ms / $settings.Ids) }
    $rows.Add((New-BenchRow 'Many runs' "Get-PantoTestRun, default throttle ($defaultThrottle), $ids" (& $perId $m.default)))
    $rows.Add((New-BenchRow 'Many runs' "foreach Invoke-RestMethod, $ids" (& $perId $m.irm)))
    $rows.Add((New-BenchRow 'Many runs' "HttpClient loop, the sequential floor, $ids" (& $perId $m.floor)))
    $rows.Add((New-BenchRow 'Many runs' 'Invoke-RestMethod loop / Get-PantoTestRun' (Format-Ratio ($m.irm / $m.default)) 'at least 5x' ($m.irm / $m.default -ge 5)))
    $rows.Add((New-BenchRow 'Many runs' 'Get-PantoTestRun -ThrottleLimit 1 / floor (both sequential)' (Format-Ratio ($m.throttle1 / $m.floor)) 'at most 1.5x' ($m.throttle1 / $m.floor -le 1.5)))
    $rows.Add((New-BenchRow 'Many runs' 'Get-PantoTestRun (default) / floor' (Format-Ratio ($m.default / $m.floor)) 'at most 1.5x; stretch under 1x' ($m.default / $m.floor -le 1.5)))
    $best = $throttles | Sort-Object { $m["throttle$_"] } | Select-Object -First 1
    foreach ($throttle in $throttles) {
        $row = New-BenchRow 'Many runs' "-ThrottleLimit $throttle / floor" ('{0} ({1})' -f (Format-Ratio ($m["throttle$throttle"] / $m.floor)), (Format-Milliseconds $m["throttle$throttle"]))
        if ($throttle -eq $best) { $row.Result = 'best' }
        $rows.Add($row)
    }
    $rows.Add((New-BenchRow 'Many runs' 'stretch: default throttle beats the floor, in input order' (Format-Ratio ($m.default / $m.floor)) 'under 1x' ($m.default / $m.floor -lt 1)))

    Write-Stage "Big trigger: $($settings.BigRuns) runs, $($settings.BigRounds) round(s)"
    $big = Invoke-BenchProcess -Script (Join-Path $scenarios 'BigTrigger.ps1') -Parameters ($common + @{ Rounds = $settings.BigRounds })
    $b = @{}
    foreach ($property in $big.Times.PSObject.Properties) { $b[$property.Name] = Get-Median $property.Value }
    $pipeline = 'Where-Object runner_status -eq failed | Measure-Object'
    $rows.Add((New-BenchRow 'Big trigger' "Get-PantoTriggerRuns big | $pipeline" (Format-Milliseconds $b.module)))
    $rows.Add((New-BenchRow 'Big trigger' "(Invoke-RestMethod ...).test_runs | $pipeline" (Format-Milliseconds $b.irm)))
    $rows.Add((New-BenchRow 'Big trigger' 'Invoke-RestMethod / Get-PantoTriggerRuns' (Format-Ratio ($b.irm / $b.module)) 'at least 3x' ($b.irm / $b.module -ge 3)))
    $rows.Add((New-BenchRow 'Big trigger' 'of which fetching alone (| Measure-Object): module / Invoke-RestMethod' ('{0} / {1}' -f (Format-Milliseconds $b.moduleFetchOnly), (Format-Milliseconds $b.irmFetchOnly))))
    $rows.Add((New-BenchRow 'Big trigger' "of which $pipeline alone over runs in memory: typed / PSCustomObject" ('{0} / {1}' -f (Format-Milliseconds $b.whereTyped), (Format-Milliseconds $b.whereCustom))))

    Write-Stage 'Big trigger: peak working set, in fresh processes'
    $payload = [System.Net.Http.HttpClient]::new()
    try {
        $request = [System.Net.Http.HttpRequestMessage]::new('GET', "$($emulator.Url)/api/v1/qa/external/test-runs-by-trigger/big")
        $request.Headers.Add('X-PANTO-API-KEY', $key)
        $payloadBytes = $payload.Send($request).Content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length
    }
    finally { $payload.Dispose() }
    $memory = @{}
    # The working set grows by the garbage collector's gen0 budget before it first collects, and
    # .NET sizes that budget from the CPU's cache: on one 2-core machine the module's peak rose
    # 8.6 MB, on another 78 MB for the same pipeline, and 13 MB there with the budget pinned. A
    # pinned budget, the same for both ways, leaves what the pipeline itself holds.
    $pinnedGen0 = @{ DOTNET_GCgen0size = '0x400000' }
    foreach ($way in 'module', 'irm') {
        $memory[$way] = Invoke-BenchProcess -Script (Join-Path $scenarios 'BigTriggerMemory.ps1') -Parameters ($common + @{ Way = $way }) -Environment $pinnedGen0
    }
    $growth = { param($r) $r.Peak - $r.Baseline }
    $mb = { param($bytes) '{0:N1} MB' -f ($bytes / 1MB) }
    $moduleGrowth = & $growth $memory.module
    $rows.Add((New-BenchRow 'Big trigger' 'payload: bytes of the HTTP body' (& $mb $payloadBytes)))
    $rows.Add((New-BenchRow 'Big trigger' 'module: baseline working set -> peak' ('{0} -> {1}' -f (& $mb $memory.module.Baseline), (& $mb $memory.module.Peak))))
    $rows.Add((New-BenchRow 'Big trigger' 'module: peak above baseline / payload' ('{0} ({1})' -f (Format-Ratio ($moduleGrowth / $payloadBytes)), (& $mb $moduleGrowth)) 'under 3x' ($moduleGrowth / $payloadBytes -lt 3)))
    $rows.Add((New-BenchRow 'Big trigger' 'Invoke-RestMethod: peak above baseline / payload (reference)' ('{0} ({1})' -f (Format-Ratio ((& $growth $memory.irm) / $payloadBytes)), (& $mb (& $growth $memory.irm)))))

    Write-Stage "Report: JUnit of $($settings.BigRuns) runs, $($settings.ReportRounds) round(s)"
    $report = Invoke-BenchProcess -Script (Join-Path $scenarios 'Report.ps1') -Parameters ($common + @{ Rounds = $settings.ReportRounds })
    $r = @{}
    foreach ($property in $report.Times.PSObject.Properties) { $r[$property.Name] = Get-Median $property.Value }
    $rows.Add((New-BenchRow 'Report' "Export-PantoTestReport, JUnit, $('{0:N0}' -f $report.Runs)-run trigger from -Summary in memory" (Format-Milliseconds $r.module)))
    $rows.Add((New-BenchRow 'Report' 'a lean script: the same testcases through one XmlWriter, plain loops' (Format-Milliseconds $r.script)))
    $rows.Add((New-BenchRow 'Report' 'the floor: the same document through one XmlWriter in compiled code (ReportFloor.cs)' (Format-Milliseconds $r.floor)))
    $rows.Add((New-BenchRow 'Report' 'Export-PantoTestReport / floor' (Format-Ratio ($r.module / $r.floor)) 'under 2x' ($r.module / $r.floor -lt 2)))
    # A CI job writes its report once, in a process that has not written one yet: the first round.
    $cold = @{}
    foreach ($property in $report.Times.PSObject.Properties) { $cold[$property.Name] = @($property.Value)[0] }
    $rows.Add((New-BenchRow 'Report' 'first round, as a CI job runs it once: Export-PantoTestReport / floor' ('{0} ({1} / {2})' -f (Format-Ratio ($cold.module / $cold.floor)), (Format-Milliseconds $cold.module), (Format-Milliseconds $cold.floor))))
    $rows.Add((New-BenchRow 'Report' 'script / Export-PantoTestReport' (Format-Ratio ($r.script / $r.module)) 'at least 2x' ($r.script / $r.module -ge 2)))
    $reportMemory = Invoke-BenchProcess -Script (Join-Path $scenarios 'Report.ps1') -Parameters ($common + @{ Mode = 'Memory' })
    $rows.Add((New-BenchRow 'Report' 'Export-PantoTestReport: working set with the runs in memory; peak before -> after the report' ('{0}; {1} -> {2}' -f (& $mb $reportMemory.Baseline), (& $mb $reportMemory.PeakBefore), (& $mb $reportMemory.Peak))))
    $rows.Add((New-BenchRow 'Report' 'Export-PantoTestReport: bytes allocated / report size' ('{0} ({1} / {2})' -f (Format-Ratio ($reportMemory.Allocated / $reportMemory.Bytes)), (& $mb $reportMemory.Allocated), (& $mb $reportMemory.Bytes))))

    $finishCount = @($settings.Finishes -split ',').Count
    Write-Stage "Waiting: $finishCount triggers finishing $($settings.Finishes) s from now, poll interval $($settings.PollInterval) s"
    $tag = [guid]::NewGuid().ToString('N').Substring(0, 8)
    $waitArguments = $common + @{ Mode = 'Wait'; FinishSeconds = $settings.Finishes }
    # The default poll interval is what is measured; a shorter one only for -Quick.
    if ($settings.PollInterval -ne 10) { $waitArguments.PollInterval = $settings.PollInterval }
    $lastFinish = [int] ((@($settings.Finishes -split ',') | ForEach-Object { [double] $_ } | Measure-Object -Maximum).Maximum)
    # All at once, so that each sees the same machine over the same stretch: a wait after a short
    # warm-up, one after longer warm-ups, one with the runtime's tiered JIT off (everything
    # compiled fully at first call, nothing recompiled later), and an idle PowerShell.
    $waits = [ordered]@{
        short = Start-BenchProcess -Script (Join-Path $scenarios 'Wait.ps1') -Parameters ($waitArguments + @{ Prefix = "bench-short-$tag" })
        noTiering = Start-BenchProcess -Script (Join-Path $scenarios 'Wait.ps1') -Parameters ($waitArguments + @{ Prefix = "bench-notier-$tag" }) -Environment @{ DOTNET_TieredCompilation = '0' }
        long  = Start-BenchProcess -Script (Join-Path $scenarios 'Wait.ps1') -Parameters ($waitArguments + @{ Prefix = "bench-long-$tag"; WarmUps = 2; WarmUpTriggers = 10; WarmUpSeconds = 4 })
        idle  = Start-BenchProcess -Script (Join-Path $scenarios 'Wait.ps1') -Parameters ($common + @{ Mode = 'Idle'; IdleSeconds = $lastFinish + $settings.PollInterval; Prefix = "bench-idle-$tag" })
    }
    $w = @{}
    foreach ($name in $waits.Keys) { $w[$name] = Receive-BenchProcess $waits[$name] }
    foreach ($name in 'short', 'long', 'noTiering') {
        if ($w[$name].Arrived -ne $finishCount) { throw "Wait-PantoTrigger wrote $($w[$name].Arrived) results for $finishCount triggers." }
    }
    $share = { param($r) $r.CpuMs / $r.WallMs }
    $idleShare = & $share $w.idle
    $describe = { param($r) '{0:P2} of one core ({1:N0} ms CPU in {2:N1} s)' -f (& $share $r), $r.CpuMs, ($r.WallMs / 1000) }
    $rows.Add((New-BenchRow 'Waiting' 'an idle PowerShell over the same stretch (baseline)' (& $describe $w.idle)))
    foreach ($case in @(
            @{ Name = 'short'; Text = 'after a short warm-up (runtime still tiering up its JIT)' }
            @{ Name = 'long'; Text = 'after two longer warm-up waits (JIT settling, as in a long CI wait)' }
            @{ Name = 'noTiering'; Text = 'after a short warm-up, tiered JIT off (DOTNET_TieredCompilation=0; diagnosis)' })) {
        $r = $w[$case.Name]
        $net = [math]::Max(0.0, (& $share $r) - $idleShare)
        $rows.Add((New-BenchRow 'Waiting' "Wait-PantoTrigger on $finishCount triggers $($case.Text): CPU / wall time" (& $describe $r)))
        $goal = if ($case.Name -eq 'noTiering') { $null } else { $net -lt 0.01 }
        $rows.Add((New-BenchRow 'Waiting' "the same, above the idle baseline" ('{0:P2} of one core' -f $net) $(if ($null -ne $goal) { 'under 1% of one core' }) $goal))
    }
    $latencies = @($w.short.Latencies.LatencyMs) + @($w.long.Latencies.LatencyMs) + @($w.noTiering.Latencies.LatencyMs)
    $maxLatency = ($latencies | Measure-Object -Maximum).Maximum
    $roundTrip = ($w.short.RoundTripMs, $w.long.RoundTripMs, $w.noTiering.RoundTripMs | Measure-Object -Maximum).Maximum
    $latencyGoal = $settings.PollInterval * 1000 + $roundTrip
    $rows.Add((New-BenchRow 'Waiting' "trigger finished -> result written, worst of $($latencies.Count)" ('{0} (median {1})' -f (Format-Milliseconds $maxLatency), (Format-Milliseconds (Get-Median $latencies))) ('at most {0} (poll {1} s + round trip {2:N1} ms)' -f (Format-Milliseconds $latencyGoal), $settings.PollInterval, $roundTrip) ($maxLatency -le $latencyGoal)))
}
finally {
    $emulator | Stop-PantoEmulator
}

$microProject = Join-Path $PSScriptRoot 'PantoQa.Benchmarks'
$microArtifacts = Join-Path $microProject 'BenchmarkDotNet.Artifacts'
if ($Micro) {
    Write-Stage 'Microbenchmarks (BenchmarkDotNet, short job)'
    & dotnet run -c Release --project $microProject '--' --filter '*' --job short --inProcess --artifacts $microArtifacts
    if ($LASTEXITCODE -ne 0) { throw "The microbenchmarks failed with exit code $LASTEXITCODE." }
}

$loadAfter = Get-LoadAverage
$elapsed = $clock.Elapsed
Write-Stage 'Done'

# --- Report -------------------------------------------------------------------------------

# Wide enough for every column, whatever the console's width; a narrow one would drop columns.
$rows | Format-Table -AutoSize | Out-String -Width 400 | Write-Host
$summary = '{0} PASS, {1} MISS' -f @($rows | Where-Object Result -EQ 'PASS').Count, @($rows | Where-Object Result -EQ 'MISS').Count
Write-Host $summary

if ($OutFile) {
    $template = Get-Content -Raw (Join-Path $PSScriptRoot 'benchmarks.template.md')
    $machineLines = "| machine | |`n|---|---|`n" + (($machine.Keys | ForEach-Object { "| $_ | $($machine[$_]) |" }) -join "`n")
    if ($null -ne $loadBefore) { $machineLines += "`n| load average (1 min), start -> end | {0:N1} -> {1:N1} |" -f $loadBefore, $loadAfter }
    $machineLines += "`n| benchmark time | {0:N0} s{1} |" -f $elapsed.TotalSeconds, $(if ($Quick) { ' (-Quick)' } else { '' })
    $microReports = Get-ChildItem (Join-Path $microArtifacts 'results') -Filter '*-report-github.md' -ErrorAction SilentlyContinue
    $microText = if ($microReports) {
        ($microReports | Sort-Object Name | ForEach-Object { "From $($_.Name), $($_.LastWriteTimeUtc.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)) UTC:`n`n" + (Get-Content -Raw $_.FullName).Trim() }) -join "`n`n"
    }
    else { '_Not run on this machine yet: see the command above._' }
    $text = $template.
        Replace('{{MACHINE_TABLE}}', $machineLines).
        Replace('{{RESULTS}}', ((ConvertTo-MarkdownTable -Rows $rows -Columns Scenario, Measure, Value, Goal, Result) -join "`n")).
        Replace('{{SUMMARY}}', $summary).
        Replace('{{MICRO}}', $microText)
    $null = New-Item -ItemType Directory -Force -Path (Split-Path $OutFile)
    Set-Content -Path $OutFile -Value $text.TrimEnd() -Encoding utf8NoBOM
    Write-Host "Wrote $((Resolve-Path $OutFile).Path)"
}
