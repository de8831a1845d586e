<#
.SYNOPSIS
    Shows the module's main job against the emulator: did my trigger pass, which runs failed
    on which devices, and wait until it is done, then fail the job if it failed; then start
    flows of a build, wait for them, and show the result.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $EmulatorPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1')

function Show-Step([string] $Text, [string] $Command) {
    Write-Host ''
    Write-Host "== $Text" -ForegroundColor Cyan
    Write-Host "PS> $Command" -ForegroundColor DarkGray
}

$emulator = Start-PantoEmulator -EmulatorDll (Join-Path $EmulatorPath 'PantoQa.Emulator.dll') -Arguments '--big-trigger-runs', '0'
try {
    Write-Host "Emulator listening at $($emulator.Url)"
    Import-Module $ModulePath

    Show-Step 'Connect (the key is kept as a SecureString; only a hint is ever shown)' "Connect-PantoQa -ApiKey emulator-key -BaseUri $($emulator.Url) -PassThru"
    Connect-PantoQa -ApiKey 'emulator-key' -BaseUri $emulator.Url -PassThru | Format-List | Out-Host

    Show-Step 'Did my triggers pass?' 'Get-PantoTriggerRuns t1, t2, trigger_passed -Summary'
    Get-PantoTriggerRuns t1, t2, trigger_passed -Summary | Format-Table | Out-Host

    Show-Step 'The runs of trigger t1' 'Get-PantoTriggerRuns t1'
    Get-PantoTriggerRuns t1 | Format-Table | Out-Host

    Show-Step 'Which runs failed, on which devices?' 'Get-PantoTriggerRuns t1 | Where-Object runner_status -eq failed'
    Get-PantoTriggerRuns t1 | Where-Object runner_status -eq failed |
        Select-Object id, test_run_name, @{ n = 'device'; e = { $_.target_device_list.device_name -join ', ' } }, remark |
        Format-Table | Out-Host

    Show-Step 'Wait for trigger_demo, which finishes a few seconds from now' 'Wait-PantoTrigger trigger_demo -PollInterval 1'
    $ProgressPreference = 'Continue'
    Get-PantoTriggerRuns trigger_demo -Summary | Format-Table | Out-Host
    $result = Wait-PantoTrigger trigger_demo -PollInterval 1
    $result | Format-Table | Out-Host
    $result.test_runs | Format-Table | Out-Host

    Show-Step 'In CI: fail the job when the trigger did not pass' "`$ErrorActionPreference = 'Stop'; Wait-PantoTrigger trigger_demo -ErrorOnFailure"
    try {
        $null = Wait-PantoTrigger trigger_demo -PollInterval 1 -ErrorOnFailure
        Write-Host 'The trigger passed; the job goes on.'
    }
    catch {
        Write-Host "The job fails here with $($_.FullyQualifiedErrorId.Split(',')[0]) ($($_.CategoryInfo.Category)):" -ForegroundColor Yellow
        Write-Host "  $_" -ForegroundColor Yellow
    }

    Show-Step 'Start the P1 flows of build app_01 on two devices' "Start-PantoTestFlow app_01 -IncludeTag @{ priority = 'p1' } -Device 'android:Pixel 6:14', 'ios:iPhone 15:17' -Environment staging"
    $start = Start-PantoTestFlow app_01 -IncludeTag @{ priority = 'p1' } -Device 'android:Pixel 6:14', 'ios:iPhone 15:17' -Environment staging
    $start | Format-Table | Out-Host

    Show-Step 'Wait for the runs it started, and show how they went' '$start | Wait-PantoTrigger -PollInterval 1'
    $started = $start | Wait-PantoTrigger -PollInterval 1
    $started | Format-List trigger_id, status, total, passed, failed | Out-Host
    $started.test_runs |
        Select-Object test_run_name, runner_status, @{ n = 'devices'; e = { $_.target_device_list.device_name -join ', ' } }, remark |
        Format-Table | Out-Host

    $reports = Join-Path ([IO.Path]::GetTempPath()) "PantoQaDemo-$PID"
    $null = New-Item -ItemType Directory -Force -Path $reports
    Show-Step 'Reports for CI: JUnit XML for the test tab, Markdown for the job summary' "`$results | Export-PantoTestReport -Path panto-junit.xml; `$results | Export-PantoTestReport -Path panto-summary.md -Format Markdown"
    $results = Get-PantoTriggerRuns t1, t2, trigger_demo, $start.trigger_id -Summary
    $junit = $results | Export-PantoTestReport -Path (Join-Path $reports 'panto-junit.xml') -PassThru
    $summary = $results | Export-PantoTestReport -Path (Join-Path $reports 'panto-summary.md') -Format Markdown -PassThru
    Write-Host "Wrote $($junit.FullName) ($($junit.Length) bytes) and $($summary.FullName):"
    Write-Host ''
    Get-Content -Raw $summary.FullName | Write-Host
}
finally {
    Disconnect-PantoQa -ErrorAction SilentlyContinue
    $emulator | Stop-PantoEmulator
    Write-Host ''
    Write-Host 'Emulator stopped.'
}
