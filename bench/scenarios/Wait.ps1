<#
.SYNOPSIS
    The waiting scenario, in this fresh process: the CPU time Wait-PantoTrigger uses over a
    wait, and when each result arrives compared with when its trigger finished. Prints JSON.
.DESCRIPTION
    -Mode Wait adds one single-run trigger per entry of -FinishSeconds to the emulator, whose
    schedules count from the moment it answers, then waits for all of them with the default
    poll interval unless -PollInterval says otherwise. -Mode Idle does the same warm-up and then
    only sleeps for -IdleSeconds: the CPU time a quiet PowerShell process spends anyway.
    Both measure TotalProcessorTime of this process around the wait or the sleep alone.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Url,
    [Parameter(Mandatory)][string] $Key,
    [ValidateSet('Wait', 'Idle')][string] $Mode = 'Wait',
    [string] $FinishSeconds = '21,22,23,24,25,26,27,28,29,30',
    [int] $PollInterval = 0,
    [int] $IdleSeconds = 30,
    [int] $WarmUps = 1,
    [int] $WarmUpTriggers = 2,
    [double] $WarmUpSeconds = 2,
    [string] $Prefix = 'bench-wait'
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Connect-PantoQa -ApiKey $Key -BaseUri $Url

function Add-Trigger {
    <# Adds one single-run trigger per finish time; their schedules count from the emulator's answer. #>
    param([string] $Prefix, [double[]] $Finishes)
    $runs = for ($i = 0; $i -lt $Finishes.Count; $i++) {
        @{
            id = "$Prefix-$i-run"; trigger_id = "$Prefix-$i"; test_flow_id = 'flow_login'
            target_device_list = @(@{ platform = 'android'; device_name = 'pixel 8'; platform_version = '14' })
            schedule = @(@{ status = 'in_process'; seconds = $Finishes[$i] }, @{ status = 'passed' })
        }
    }
    $null = Invoke-RestMethod -Uri "$Url/_emulator/runs" -Method Post -Body (@{ runs = @($runs) } | ConvertTo-Json -Depth 10 -Compress) -ContentType 'application/json'
    @(for ($i = 0; $i -lt $Finishes.Count; $i++) { "$Prefix-$i" })
}

# Warm-up: waits through every state the measured one goes through, so that first-call costs
# are not measured. One short wait leaves the runtime's tiered JIT still recompiling what the
# measured wait makes hot, per poll and per call; two longer ones (-WarmUps 2 -WarmUpTriggers 10
# -WarmUpSeconds 4) let it settle first, which is what a wait of many minutes in CI looks like.
for ($warm = 1; $warm -le $WarmUps; $warm++) {
    $warmIds = Add-Trigger -Prefix "$Prefix-warm$warm" -Finishes @(1..$WarmUpTriggers | ForEach-Object { $WarmUpSeconds })
    $null = Wait-PantoTrigger $warmIds -PollInterval 1 | ForEach-Object { [DateTime]::UtcNow }
}
$roundTrips = foreach ($i in 1..5) {
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $null = Get-PantoTriggerRuns t1 -Summary
    $watch.Elapsed.TotalMilliseconds
}
$roundTrip = @($roundTrips | Sort-Object)[2]
$process = [System.Diagnostics.Process]::GetCurrentProcess()

# A fresh PowerShell keeps a core busy for a few seconds after its first commands (tiered JIT,
# startup work on background threads); measuring before that settles would charge it to the wait.
for ($second = 0; $second -lt 20; $second++) {
    $process.Refresh()
    $before = $process.TotalProcessorTime
    Start-Sleep -Seconds 1
    $process.Refresh()
    if (($process.TotalProcessorTime - $before).TotalMilliseconds -le 20) { break }
}

if ($Mode -eq 'Idle') {
    $process.Refresh()
    $cpu = $process.TotalProcessorTime
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    Start-Sleep -Seconds $IdleSeconds
    $watch.Stop()
    $process.Refresh()
    @{ Mode = $Mode; CpuMs = ($process.TotalProcessorTime - $cpu).TotalMilliseconds; WallMs = $watch.Elapsed.TotalMilliseconds; RoundTripMs = $roundTrip } |
        ConvertTo-Json -Compress
    return
}

$finishes = @($FinishSeconds -split ',' | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) })
# The emulator starts the schedules while it handles the request: between these two instants.
$sent = [DateTime]::UtcNow
$ids = Add-Trigger -Prefix $Prefix -Finishes $finishes
$answered = [DateTime]::UtcNow
$loaded = $sent + ($answered - $sent) / 2

$waitArguments = @{ TriggerId = $ids }
if ($PollInterval -gt 0) { $waitArguments.PollInterval = $PollInterval }
$arrivals = [System.Collections.Generic.List[object]]::new()
$process.Refresh()
$cpu = $process.TotalProcessorTime
$watch = [System.Diagnostics.Stopwatch]::StartNew()
Wait-PantoTrigger @waitArguments | ForEach-Object { $arrivals.Add(@($_.trigger_id, [DateTime]::UtcNow)) }
$watch.Stop()
$process.Refresh()
$cpuMs = ($process.TotalProcessorTime - $cpu).TotalMilliseconds

$latencies = foreach ($arrival in $arrivals) {
    $index = [int] $arrival[0].Substring($Prefix.Length + 1)
    @{ Trigger = $arrival[0]; FinishedAfterS = $finishes[$index]; LatencyMs = ($arrival[1] - $loaded.AddSeconds($finishes[$index])).TotalMilliseconds }
}
@{
    Mode        = $Mode
    CpuMs       = $cpuMs
    WallMs      = $watch.Elapsed.TotalMilliseconds
    RoundTripMs = $roundTrip
    PostMs      = ($answered - $sent).TotalMilliseconds
    Triggers    = $ids.Count
    Arrived     = $arrivals.Count
    Latencies   = @($latencies)
} | ConvertTo-Json -Compress -Depth 5
