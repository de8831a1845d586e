# What a CI log shows of a wait: a status line per trigger where no progress bar can be seen, and
# a red step that names the runs that failed, on which devices, and why. The steps run as CI runs
# them: a fresh non-interactive PowerShell with its output sent to a file.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
}

AfterAll {
    $script:emulator | Stop-PantoEmulator
}

Describe 'Status lines in a CI log' {
    It 'follow a trigger under the emulator''s clock: its counts as they change, then how it ended, one line per change' {
        $id = 'ci-log-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Add-EmulatorTrigger $script:emulator $id 'in_process:600,passed', 'in_process:1200,failed'
        $step = Invoke-CiStep -Background -Script "Import-Module '$(Get-TestModulePath)'`nConnect-PantoQa -ApiKey '$(Get-EmulatorKey)' -BaseUri '$($script:emulator.Url)'`nWait-PantoTrigger $id -PollInterval 1 -Timeout 120 | Out-Null"
        try {
            function Wait-Line([string] $Pattern) {
                $deadline = [DateTime]::UtcNow.AddSeconds(60)
                while ([DateTime]::UtcNow -lt $deadline) {
                    if ((Test-Path "$($step.Base).out") -and @(Get-Content "$($step.Base).out" | Where-Object { $_ -match $Pattern }).Count -gt 0) { return }
                    Start-Sleep -Milliseconds 100
                }
                throw "No line matched $Pattern in time."
            }
            function Move-Clock([int] $Seconds) {
                $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/clock' -Method POST -Body @{ advance_seconds = $Seconds }
            }

            Wait-Line "^${id}: 0 of 2 finished"
            Move-Clock 600
            Wait-Line "^${id}: 1 of 2 finished"
            Move-Clock 600
            $step.Process.WaitForExit(60000) | Should -BeTrue
        }
        finally {
            if (-not $step.Process.HasExited) { $step.Process.Kill() }
        }
        $done = Complete-CiStep $step
        $done.ExitCode | Should -Be 0
        $lines = @($done.Output | Where-Object { $_ -like "${id}:*" })
        $lines[0] | Should -Match "^${id}: 0 of 2 finished \(0 passed, 0 failed\), \d+s$"
        $lines[1] | Should -Match "^${id}: 1 of 2 finished \(1 passed, 0 failed\), \d+s$"
        $lines[2] | Should -Match "^${id}: ended partially_passed: 2 of 2 finished \(1 passed, 1 failed\), \d+s$"
        # One line per change of counts, not one per poll: each state was polled several times.
        $lines.Count | Should -Be 3
    }

    # Real time: the line that says a quiet wait is alive comes after 60 s of the wait's own
    # clock, which a child process cannot be handed (StatusLineScheduleTests covers the rule on a
    # fake clock). The margin: the line is due at 60 s, the wait times out at 70 s. The timer is
    # the same code in both builds, so the Desktop pass leaves this minute out.
    It 'repeat a trigger whose counts do not change at least every 60 s' -Tag 'RealTime' -Skip:($env:PANTOQA_TEST_TARGET -eq 'Desktop') {
        $id = 'ci-quiet-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Add-EmulatorTrigger $script:emulator $id 'in_process:3600,passed'
        $step = Invoke-ConnectedStep $script:emulator "Wait-PantoTrigger $id -PollInterval 5 -Timeout 70 -ErrorAction SilentlyContinue | Out-Null"
        $lines = @($step.Output | Where-Object { $_ -like "${id}: 0 of 1 finished*" })
        $lines.Count | Should -Be 2 -Because ($step.Output -join "`n")
        $lines[0] | Should -Match ', \d+s$'
        $lines[1] | Should -Match ', 1m0\ds$'
    }

    It 'are written for every trigger a Start-* -Wait follows' {
        $step = Invoke-ConnectedStep $script:emulator "Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 60 | Out-Null"
        $step.ExitCode | Should -Be 0
        $started = ($step.Output | Where-Object { $_ -match "^Started trigger '([^']+)'" } | Select-Object -First 1) -replace "^Started trigger '([^']+)'.*", '$1'
        $started | Should -Not -BeNullOrEmpty
        @($step.Output | Where-Object { $_ -like "${started}: ended passed: 1 of 1 finished (1 passed, 0 failed), *" }).Count | Should -Be 1
    }

    It 'are silenced, with the start lines, by -InformationAction Ignore' {
        $step = Invoke-ConnectedStep $script:emulator "Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 60 -InformationAction Ignore | ForEach-Object { 'RESULT ' + `$_.status }"
        $step.ExitCode | Should -Be 0
        $step.Output | Should -Be @('RESULT passed')
    }
}

Describe 'A red step names what failed' {
    It 'lists each failed run with its devices and remark in the -ErrorOnFailure error' {
        # The message as the error carries it; the log's error view wraps it at the log's width.
        $step = Invoke-ConnectedStep $script:emulator 'try { Wait-PantoTrigger t1 -PollInterval 1 -Timeout 60 -ErrorOnFailure | Out-Null } catch { $_.ErrorDetails.Message; exit 1 }'
        $step.ExitCode | Should -Not -Be 0
        $log = $step.Output -join "`n"
        $log | Should -Match "Trigger 't1' ended partially_passed: 2 passed and 2 failed of 4 runs\."
        $log | Should -Match '(?m)^  Checkout regression on ios iphone 15 [0-9.]+: failed - 3-D Secure page did not load$'
        $log | Should -Match '(?m)^  Checkout regression on android galaxy s24 [0-9.]+: failed - Assertion failed on checkout button$'
    }

    It 'lists ten failed runs at most, then counts the rest' {
        $id = 'ci-many-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Add-EmulatorTrigger $script:emulator $id @(1..12 | ForEach-Object { 'failed' })
        $step = Invoke-ConnectedStep $script:emulator "try { Wait-PantoTrigger $id -PollInterval 1 -Timeout 60 -ErrorOnFailure | Out-Null } catch { `$_.ErrorDetails.Message; exit 1 }"
        $step.ExitCode | Should -Not -Be 0
        $log = $step.Output -join "`n"
        ([regex]::Matches($log, 'on android pixel \d+ 14: failed')).Count | Should -Be 10
        # The ellipsis as a code point: Windows PowerShell reads a file without a BOM as ANSI.
        $log | Should -Match "(?m)^  $([char] 0x2026) and 2 more`$"
    }
}

Describe 'An interactive session' {
    # A terminal, as a user at a console has: util-linux script runs the step on a pseudo-terminal
    # and copies what it shows to a file. The CI variables this suite may run under are cleared,
    # then set again for the control run, which proves this harness can show lines at all. The
    # console asks the terminal where its cursor is before it draws a progress bar, and waits
    # for the answer a second or more; answers are typed ahead so the bar costs no time.
    # PS7-only: util-linux script, on Linux
    It 'writes no status lines, unless a CI variable is set' -Skip:($PSEdition -eq 'Desktop' -or -not $IsLinux -or -not (Get-Command script -ErrorAction SilentlyContinue)) {
        $base = Join-Path ([IO.Path]::GetTempPath()) ('tty-step-' + [guid]::NewGuid().ToString('N'))
        Set-Content "$base.ps1" "Import-Module '$(Get-TestModulePath)'`nConnect-PantoQa -ApiKey '$(Get-EmulatorKey)' -BaseUri '$($script:emulator.Url)'`nWait-PantoTrigger trigger_passed -PollInterval 1 -Timeout 60 | Out-Null`n'STEP DONE'"
        Import-Module (Join-Path $PSScriptRoot '../../tools/BuildTools.psm1')
        $command = Get-PwshCommand
        $pwsh = ($command | ForEach-Object { "'$_'" }) -join ' '
        $saved = Set-ProcessEnvironment @{ CI = $null; GITHUB_ACTIONS = $null; TF_BUILD = $null; GITLAB_CI = $null }
        $cursorAnswers = ([string] [char] 27 + '[1;1R') * 400
        try {
            $cursorAnswers | & script -qfec "$pwsh -NoProfile -File '$base.ps1'" /dev/null > "$base.tty"
            $interactive = Get-Content "$base.tty"
            $null = Set-ProcessEnvironment @{ CI = 'true' }
            $cursorAnswers | & script -qfec "$pwsh -NoProfile -File '$base.ps1'" /dev/null > "$base.tty"
            $underCi = Get-Content "$base.tty"
        }
        finally {
            $null = Set-ProcessEnvironment $saved
            Remove-Item "$base.*" -ErrorAction SilentlyContinue
        }
        ($interactive -join "`n") | Should -Match 'STEP DONE'
        @($interactive | Where-Object { $_ -match 'trigger_passed: .*finished' }).Count | Should -Be 0
        @($underCi | Where-Object { $_ -match 'trigger_passed: ended passed: 2 of 2 finished' }).Count | Should -Be 1
    }
}
