<#
.SYNOPSIS
    Shows the module's main job against the emulator: did my trigger pass, which runs failed
    on which devices, and wait until it is done, then fail the job if it failed; then start
    flows of a build, wait for them, and write the reports for CI.
.DESCRIPTION
    The demo is a list of steps. Each prints its command exactly as it is written here, then
    runs that very command in this script's scope, so the output shown is always the output of
    the command shown, and a variable a step uses was set by a step shown before it. The only
    other values are $url, the emulator's address, which is printed first, and the folder the
    reports are written to, which is the current location and is removed at the end. The last
    step runs a CI step in a child PowerShell, as a CI runner does: the built module's folder is
    on $env:PSModulePath, as an installed module's would be, and pwsh is this same PowerShell.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $EmulatorPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1')
Import-Module (Join-Path $PSScriptRoot 'BuildTools.psm1')

function Show-Step([string] $Title, [scriptblock] $Command) {
    Write-Host ''
    Write-Host "== $Title" -ForegroundColor Cyan
    # The block's lines as written, without the indentation they have in this file.
    $lines = @($Command.ToString().Trim("`r", "`n") -split '\r?\n' | Where-Object { $_.Trim() })
    # The first line's: a here-string's lines start at column 0 and keep what they have.
    $indent = $lines[0].Length - $lines[0].TrimStart().Length
    $prompt = 'PS> '
    foreach ($line in $lines) {
        $shown = if ($line.StartsWith(' ' * $indent)) { $line.Substring($indent) } else { $line }
        Write-Host ($prompt + $shown) -ForegroundColor DarkGray
        $prompt = '>>  '
    }
}

$steps = @(
    @{ Title = 'Connect (the key is kept as a SecureString; only a hint is ever shown)'; Command = {
            Connect-PantoQa -ApiKey emulator-key -BaseUri $url -PassThru
        }
    }
    @{ Title = 'Did my triggers pass?'; Command = {
            Get-PantoTriggerRuns t1, t2, trigger_passed -Summary
        }
    }
    @{ Title = 'The runs of trigger t1'; Command = {
            Get-PantoTriggerRuns t1
        }
    }
    @{ Title = 'Which runs failed, on which devices?'; Command = {
            Get-PantoTriggerRuns t1 | Where-Object runner_status -eq failed |
                Format-Table id, test_run_name, @{ n = 'devices'; e = { $_.target_device_list.device_name -join ', ' } }, remark
        }
    }
    @{ Title = 'trigger_demo finishes a few seconds from now; so far it is still running'; Command = {
            Get-PantoTriggerRuns trigger_demo -Summary
        }
    }
    @{ Title = 'Wait for it (with progress), then show the result and its runs'; Command = {
            $result = Wait-PantoTrigger trigger_demo -PollInterval 1
            $result | Format-Table
            $result.test_runs | Format-Table
        }
    }
    @{ Title = 'In CI: fail the job when the trigger did not pass'; Command = {
            try { Wait-PantoTrigger trigger_demo -PollInterval 1 -ErrorOnFailure -ErrorAction Stop }
            catch { "The job fails here with $($_.FullyQualifiedErrorId.Split(',')[0]) ($($_.CategoryInfo.Category)): $_" }
        }
    }
    @{ Title = 'Start the P1 flows of build app_01 on two devices: one run per flow, on both'; Command = {
            $start = Start-PantoTestFlow app_01 -IncludeTag @{ priority = 'p1' } -Device 'android:Pixel 6:14', 'ios:iPhone 15:17' -Environment staging
            $start
        }
    }
    @{ Title = 'Wait for the runs it started, and show how they went'; Command = {
            $started = $start | Wait-PantoTrigger -PollInterval 1
            $started | Format-List trigger_id, status, total, passed, failed
            $started.test_runs | Format-Table test_run_name, runner_status, @{ n = 'devices'; e = { $_.target_device_list.device_name -join ', ' } }, remark
        }
    }
    @{ Title = 'Reports for CI: JUnit XML for the test tab, Markdown for the job summary'; Command = {
            Get-PantoTriggerRuns t1, t2, trigger_demo, $start.trigger_id -Summary |
                Export-PantoTestReport -JUnitPath panto-junit.xml -MarkdownPath panto-summary.md
            Get-ChildItem panto-* | Format-Table Name, Length
            Get-Content -Raw panto-summary.md
        }
    }
    @{ Title = 'A whole CI step, as its log shows it: start, wait, write both reports, then fail the step'; Command = {
            $env:PANTO_API_KEY = 'emulator-key'; $env:PANTO_BASE_URI = $url  # a CI job's secret and variable
            Set-Content ci-step.ps1 @'
$ErrorActionPreference = 'Stop'
Start-PantoTestFlow app_01 -IncludeTag @{ priority = 'p1' } -Device 'android:Pixel 6:14' -Wait -PollInterval 1 |
    Export-PantoTestReport -JUnitPath ci-junit.xml -MarkdownPath ci-summary.md -ErrorOnFailure
'@
            pwsh -NoProfile -NonInteractive -File ci-step.ps1 *> ci.log
            "The step exited $LASTEXITCODE. Its log:"
            Get-Content ci.log
            Get-ChildItem ci-*.xml, ci-*.md | Format-Table Name, Length
        }
    }
)

Import-Module (Resolve-Path $ModulePath).Path
$env:PSModulePath = (Split-Path (Resolve-Path $ModulePath).Path) + [IO.Path]::PathSeparator + $env:PSModulePath
$pwshCommand = Get-PwshCommand
function pwsh { & $pwshCommand[0] @($pwshCommand | Select-Object -Skip 1) @args }
$emulator = Start-PantoEmulator -EmulatorDll (Join-Path $EmulatorPath 'PantoQa.Emulator.dll') -Arguments '--big-trigger-runs', '0'
$reports = Join-Path ([IO.Path]::GetTempPath()) "PantoQaDemo-$PID"
$null = New-Item -ItemType Directory -Force -Path $reports
Push-Location $reports
try {
    $url = $emulator.Url
    Write-Host "Emulator listening at $url (in `$url below); working in $reports, which is removed at the end."
    foreach ($step in $steps) {
        Show-Step $step.Title $step.Command
        . $step.Command | Out-Host
    }
}
finally {
    Pop-Location
    Remove-Item $reports -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item env:PANTO_API_KEY, env:PANTO_BASE_URI -ErrorAction SilentlyContinue
    Disconnect-PantoQa -ErrorAction SilentlyContinue
    $emulator | Stop-PantoEmulator
    Write-Host ''
    Write-Host 'Emulator stopped.'
}
