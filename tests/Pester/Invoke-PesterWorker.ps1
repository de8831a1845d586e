<#
.SYNOPSIS
    One of build.ps1 Test's Pester workers: runs jobs from a queue folder until none is left.
.DESCRIPTION
    build.ps1 (tools/TestRun.psm1) writes each job, one or more test files, as a JSON file
    into -QueueDirectory, named so that the longest sorts first. A worker claims a job by moving
    its file into claimed/: the move succeeds for exactly one worker, so no file runs twice. A
    worker serves one -Target all its life: the Manifest and the Desktop builds are two
    assemblies of one name, which one process does not load side by side.

    For each file it writes into -ResultsDir: <file>.log, the file's whole Pester output and
    whatever its tests write to the console, as it runs; <file>.xml, its NUnit XML; and last <file>.json, its counts and problems
    (tools/TestResults.psm1). A file with no .json did not run to its end.

    With -CurrentFile, it writes there the path of each file as it starts it: build.ps1 reads
    that file's age to stop a worker that hangs on one test file.
#>
param(
    [Parameter(Mandatory)][string] $PesterManifest,
    [Parameter(Mandatory)][string] $QueueDirectory,
    [Parameter(Mandatory)][string] $ResultsDir,
    [Parameter(Mandatory)][ValidateSet('Manifest', 'Desktop')][string] $Target,
    [string] $ExcludeTag = '',
    [string] $CurrentFile = ''
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
Import-Module (Join-Path $PSScriptRoot '../../tools/TestResults.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'SuitePlan.psm1') -Force

# Read by TestHelpers.psm1 here and in every process the tests start.
$env:PANTOQA_TEST_TARGET = $Target

# What a test writes straight to the console (What if: lines, a hosted runspace's warnings)
# bypasses the output streams, so the console itself is pointed at the running file's log. The
# host keeps the first writer it meets, so it gets one whose target moves, set before anything
# is written; the lock keeps lines from other threads whole.
Add-Type -TypeDefinition @'
public sealed class PesterWorkerConsole : System.IO.TextWriter
{
    private readonly object gate = new object();
    private System.IO.TextWriter target;
    public PesterWorkerConsole(System.IO.TextWriter target) { this.target = target; }
    public override System.Text.Encoding Encoding { get { return target.Encoding; } }
    public void SetTarget(System.IO.TextWriter next) { lock (gate) { target.Flush(); target = next; } }
    public override void Write(char value) { lock (gate) { target.Write(value); } }
    public override void Write(string value) { lock (gate) { target.Write(value); } }
    public override void WriteLine(string value) { lock (gate) { target.WriteLine(value); } }
    public override void Flush() { lock (gate) { target.Flush(); } }
}
'@
$workerOutput = [Console]::Out
$console = New-Object PesterWorkerConsole -ArgumentList $workerOutput
[Console]::SetOut($console)
$claimed = Join-Path $QueueDirectory 'claimed'
$null = New-Item -ItemType Directory -Force -Path $claimed, $ResultsDir

function Get-NextJob {
    foreach ($file in @(Get-ChildItem -Path $QueueDirectory -Filter '*.json' | Sort-Object Name)) {
        $mine = Join-Path $claimed $file.Name
        # Fails when another worker moved it first.
        try { [IO.File]::Move($file.FullName, $mine) } catch { continue }
        return Get-Content -Raw $mine | ConvertFrom-Json
    }
}

function Write-Record {
    <# One record of Pester's output streams, as the console would show it. #>
    param([Parameter(Mandatory)][IO.TextWriter] $Writer, [Parameter(Mandatory)] $Record)
    if ($Record -is [Management.Automation.InformationRecord]) {
        $message = $Record.MessageData
        if ($message -is [Management.Automation.HostInformationMessage]) {
            if ($message.NoNewLine) { $Writer.Write($message.Message) } else { $Writer.WriteLine($message.Message) }
        }
        else { $Writer.WriteLine("$message") }
    }
    elseif ($Record -is [Management.Automation.WarningRecord]) { $Writer.WriteLine("WARNING: $($Record.Message)") }
    elseif ($Record -is [Management.Automation.VerboseRecord]) { $Writer.WriteLine("VERBOSE: $($Record.Message)") }
    elseif ($Record -is [Management.Automation.DebugRecord]) { $Writer.WriteLine("DEBUG: $($Record.Message)") }
    else { $Writer.Write(($Record | Out-String)) }
}

function Invoke-PesterFile {
    param([Parameter(Mandatory)][string] $Path)
    $base = Join-Path $ResultsDir (Split-Path $Path -Leaf)
    if ($CurrentFile) { Set-Content -Path $CurrentFile -Value $Path }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $configuration = New-PesterRunConfiguration -Path $Path -ResultPath "$base.xml" -ExcludeTag $ExcludeTag

    $run = $null
    $writer = New-Object IO.StreamWriter -ArgumentList "$base.log"
    # Written as it comes, so a file whose worker dies still shows how far it got.
    $writer.AutoFlush = $true
    $console.SetTarget($writer)
    try {
        Invoke-Pester -Configuration $configuration *>&1 | ForEach-Object {
            if ($_ -is [Pester.Run]) { $run = $_ } else { Write-Record -Writer $console -Record $_ }
        }
        $suite = if ($run) { Get-PesterSuiteResult -Name "Pester ($Target)" -Result $run }
        else { New-SuiteResult -Name "Pester ($Target)" -Problems "Pester ($Target): Invoke-Pester returned no result for $Path." }
    }
    catch {
        $console.WriteLine("Invoke-Pester failed: $_")
        $suite = New-SuiteResult -Name "Pester ($Target)" -Problems "Pester ($Target): Invoke-Pester failed on ${Path}: $_"
    }
    finally {
        $console.SetTarget($workerOutput)
        $writer.Dispose()
    }
    @{
        Passed   = $suite.Passed
        Failed   = $suite.Failed
        Skipped  = $suite.Skipped
        Problems = @($suite.Problems)
        Seconds  = [Math]::Round($clock.Elapsed.TotalSeconds, 1)
    } | ConvertTo-Json | Set-Content -Path "$base.json.partial"
    # Renamed whole: build.ps1 prints a file as soon as its summary exists, and must never read
    # one half written.
    Move-Item -Path "$base.json.partial" -Destination "$base.json" -Force
}

for ($job = Get-NextJob; $job; $job = Get-NextJob) {
    foreach ($path in @($job.Files)) { Invoke-PesterFile -Path $path }
}
