# Stopping and timeouts: stopping a pipeline (what Ctrl+C does) returns within a second from
# wherever the cmdlet is waiting, and leaves no request behind; -Timeout ends a wait within one
# poll interval.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '200'

    function Set-Faults([string] $Kind, [string] $RetryAfter = '1') {
        if ($Kind) { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; seed = 1; kinds = @($Kind); retry_after = $RetryAfter } }
        else { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE }
    }

    # Counted as each /api request arrives, so a request still in flight is already in it.
    function Get-Served { (Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/stats').requests_served }

    function Measure-Stop([string] $Connect, [string] $Script, [int] $RunMilliseconds = 1000) {
        <#
        Runs the script in a hosted PowerShell, stops it (as Ctrl+C does) after a while, and
        measures how long Stop took and whether any request arrived in the 2 s after it.
        #>
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Get-TestModulePath)'; $Connect").Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddScript($Script)
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds $RunMilliseconds
            $running = -not $async.IsCompleted
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $stopSeconds = $clock.Elapsed.TotalSeconds
            $completed = $async.IsCompleted
            $served = Get-Served
            Start-Sleep -Seconds 2
            [pscustomobject]@{
                WasRunning = $running; Completed = $completed; StopSeconds = $stopSeconds
                RequestsAfter = (Get-Served) - $served; State = $ps.InvocationStateInfo.State
            }
        }
        finally { $ps.Dispose() }
    }

    $script:url = $script:emulator.Url
}

AfterAll {
    Set-Faults $null
    $script:emulator | Stop-PantoEmulator
}

Describe 'Stopping a pipeline' -Tag 'Reliability' {
    AfterEach { Set-Faults $null }

    It 'returns within a second from <Where>, with no request after it' -Tag 'RealTime' -TestCases @(
        @{
            Where = 'Get-PantoTestRun sleeping on a Retry-After of 30 s'; Kind = '429'; RetryAfter = '30'
            Connect = "Connect-PantoQa -ApiKey emulator-key -BaseUri '{0}' -MaxRetries 10 -MaxRetryDelaySec 30"
            Script = 'Get-PantoTestRun big_00001'
        }
        @{
            Where = 'Get-PantoTestRun in a 20 s backoff'; Kind = '503'; RetryAfter = '1'
            Connect = "Connect-PantoQa -ApiKey emulator-key -BaseUri '{0}' -MaxRetries 10 -RetryDelayMilliseconds 20000 -MaxRetryDelaySec 60"
            Script = 'Get-PantoTestRun big_00001'
        }
        @{
            Where = '200 piped ids, eight at a time, retrying 503s'; Kind = '503'; RetryAfter = '1'
            Connect = "Connect-PantoQa -ApiKey emulator-key -BaseUri '{0}' -MaxRetries 100 -RetryDelayMilliseconds 200 -MaxRetryDelaySec 1"
            Script = "1..200 | ForEach-Object { 'big_{0:d5}' -f `$_ } | Get-PantoTestRun"
        }
        @{
            Where = 'Get-PantoTriggerRuns on requests that never answer'; Kind = 'hang'; RetryAfter = '1'
            Connect = "Connect-PantoQa -ApiKey emulator-key -BaseUri '{0}' -TimeoutSec 60"
            Script = 'Get-PantoTriggerRuns t1, t2, big'
        }
        @{
            Where = 'Wait-PantoTrigger sleeping between polls'; Kind = ''; RetryAfter = '1'
            Connect = "Connect-PantoQa -ApiKey emulator-key -BaseUri '{0}'"
            Script = 'Wait-PantoTrigger trigger_running -PollInterval 60'
        }
        @{
            Where = 'Wait-PantoTrigger with a poll in a 429 retry'; Kind = '429'; RetryAfter = '30'
            Connect = "Connect-PantoQa -ApiKey emulator-key -BaseUri '{0}' -MaxRetries 10 -MaxRetryDelaySec 30"
            Script = 'Wait-PantoTrigger trigger_running, t1 -PollInterval 1'
        }
    ) {
        Set-Faults $Kind $RetryAfter

        $stop = Measure-Stop -Connect ($Connect -f $script:url) -Script $Script

        $stop.WasRunning | Should -BeTrue
        $stop.Completed | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        $stop.StopSeconds | Should -BeLessThan 1.5
        $stop.RequestsAfter | Should -Be 0
        Write-Host ('FIGURE stop {0}: Stop() returned in {1:0.000} s; {2} requests in the 2 s after' -f $Where, $stop.StopSeconds, $stop.RequestsAfter)
    }
}

Describe 'Wait-PantoTrigger -Timeout' -Tag 'Reliability' {
    AfterEach { Set-Faults $null }

    It 'ends within one poll interval of the timeout on a trigger that never finishes, <Case>' -Tag 'RealTime' -TestCases @(
        @{ Case = 'between polls'; Kind = ''; TimeoutSec = 30 }
        @{ Case = 'while every request hangs'; Kind = 'hang'; TimeoutSec = 30 }
    ) {
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:url -TimeoutSec $TimeoutSec
        Set-Faults $Kind

        $problems = $null
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Wait-PantoTrigger trigger_running -Timeout 3 -PollInterval 2 -ErrorVariable problems -ErrorAction SilentlyContinue
        $seconds = $clock.Elapsed.TotalSeconds
        $served = Get-Served
        Start-Sleep -Seconds 2

        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        $seconds | Should -BeGreaterThan 2.9
        $seconds | Should -BeLessThan (3 + 2)
        # The polls end with the wait: nothing is left polling in the background.
        (Get-Served) - $served | Should -Be 0
        Write-Host ('FIGURE timeout {0}: Wait-PantoTrigger -Timeout 3 -PollInterval 2 ended after {1:0.000} s, {2:0.000} s past the timeout' -f $Case, $seconds, ($seconds - 3))
    }
}
