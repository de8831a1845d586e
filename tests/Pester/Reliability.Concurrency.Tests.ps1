# Concurrency: connections are per runspace (src/PantoQa.Cmdlets/Session/SessionStore.cs). Ten
# runspaces at once, each with its own key and base URI against two emulators, each get their
# own results and errors, and Connect-PantoQa or Disconnect-PantoQa in one changes no other.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:keyB = 'key-only-b-4e1f'
    $script:a = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
    $script:b = Start-TestEmulator -Arguments '--big-trigger-runs', '0', '--api-key', $script:keyB

    # Runspace i asks for its own run and trigger; A's pass, B's fail, so a result fetched from
    # the wrong emulator, or with the wrong key, cannot pass for the right one.
    foreach ($i in 0..9) {
        Add-EmulatorTrigger $script:a "conc-$i" 'in_process:2,passed'
        Add-EmulatorTrigger $script:b "conc-$i" 'in_process:3,failed'
    }

    # This runspace's own connection, which none of the ten may change.
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:a.Url -RetryDelayMilliseconds 10
}

AfterAll {
    Disconnect-PantoQa
    $script:a, $script:b | Stop-PantoEmulator
}

Describe 'Ten runspaces at once' -Tag 'Reliability' {
    It 'each use their own connection, and Connect-PantoQa or Disconnect-PantoQa in one changes no other' {
        # 0-3: A with its key; 4-7: B with B's key; 8: A with an expired key; 9: A with B's
        # key, which A does not know. After all ten connected, 0 reconnects to B with an expired
        # key and 4 disconnects; each must then see exactly its own connection.
        $plan = foreach ($i in 0..9) {
            $emulator, $key, $expect = switch ($i) {
                { $_ -le 3 } { $script:a, (Get-EmulatorKey), 'passed' }
                { $_ -ge 4 -and $_ -le 7 } { $script:b, $script:keyB, 'failed' }
                8 { $script:a, 'expired-key', 'Unauthorized' }
                9 { $script:a, $script:keyB, 'Unauthorized' }
            }
            if ($i -eq 0) { $expect = 'Unauthorized' }
            if ($i -eq 4) { $expect = 'NoApiKey' }
            [pscustomobject]@{ Index = $i; Url = $emulator.Url; Key = $key; Expect = $expect }
        }
        $barrier = [System.Threading.Barrier]::new(10)
        # Runspace 4 disconnects: with no key in the environment either, it must have none.
        $savedKey = $env:PANTO_API_KEY
        $env:PANTO_API_KEY = $null
        $module = Get-TestModulePath
        $otherUrl = $script:b.Url
        $clock = [Diagnostics.Stopwatch]::StartNew()

        $results = $plan | ForEach-Object -ThrottleLimit 10 -UseNewRunspace -Parallel {
            $step = $_
            $barrier = $using:barrier
            $timeout = [TimeSpan]::FromSeconds(60)
            $outcome = [ordered]@{ Index = $step.Index; Run = $null; RunTrigger = $null; Status = $null; Errors = @(); Overlap = 0 }
            try {
                Import-Module $using:module
                Connect-PantoQa -ApiKey $step.Key -BaseUri $step.Url -RetryDelayMilliseconds 10
                $null = $barrier.SignalAndWait($timeout)
                if ($step.Index -eq 0) { Connect-PantoQa -ApiKey expired-key -BaseUri $using:otherUrl }
                if ($step.Index -eq 4) { Disconnect-PantoQa }
                $null = $barrier.SignalAndWait($timeout)
                $started = [DateTime]::UtcNow

                $problems = $null
                $run = Get-PantoTestRun "conc-$($step.Index)-run1" -ErrorVariable +problems -ErrorAction SilentlyContinue
                $wait = Wait-PantoTrigger "conc-$($step.Index)" -PollInterval 1 -Timeout 30 -ErrorVariable +problems -ErrorAction SilentlyContinue
                $outcome.Run = $run.id
                $outcome.RunTrigger = $run.trigger_id
                $outcome.Status = $wait.status
                $outcome.Errors = @($problems | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] })
                $outcome.Started = $started
                $outcome.Ended = [DateTime]::UtcNow
            }
            catch {
                $outcome.Errors += $_.FullyQualifiedErrorId.Split(',')[0]
                $outcome.Started = $started
                $outcome.Ended = [DateTime]::UtcNow
            }
            [pscustomobject]$outcome
        }
        $seconds = $clock.Elapsed.TotalSeconds
        $env:PANTO_API_KEY = $savedKey

        $results.Count | Should -Be 10
        foreach ($step in $plan) {
            $result = $results | Where-Object Index -EQ $step.Index
            if ($step.Expect -in 'passed', 'failed') {
                $result.Errors | Should -BeNullOrEmpty -Because "runspace $($step.Index) connected with a good key"
                $result.Run | Should -Be "conc-$($step.Index)-run1"
                $result.RunTrigger | Should -Be "conc-$($step.Index)"
                $result.Status | Should -Be $step.Expect -Because "runspace $($step.Index) asked its own emulator"
            }
            else {
                $result.Errors[0] | Should -Be $step.Expect -Because "runspace $($step.Index) had its own connection"
                $result.Status | Should -BeNullOrEmpty
            }
        }
        # They really ran at once: released together by the barrier.
        $spread = (($results.Started | Measure-Object -Maximum).Maximum - ($results.Started | Measure-Object -Minimum).Minimum).TotalSeconds
        $spread | Should -BeLessThan 2

        # Each emulator saw only the ids of the runspaces pointed at it; B's log also holds
        # runspace 0 after it reconnected there.
        $onA = @(Get-EmulatorRequests $script:a | ForEach-Object { $_.raw_target -replace '.*/conc-(\d+).*', '$1' } | Sort-Object -Unique)
        $onB = @(Get-EmulatorRequests $script:b | ForEach-Object { $_.raw_target -replace '.*/conc-(\d+).*', '$1' } | Sort-Object -Unique)
        $onA | Should -Be @('1', '2', '3', '8', '9')
        $onB | Should -Be @('0', '5', '6', '7')

        # And this runspace still has its own connection to A.
        (Get-PantoTriggerRuns conc-1 -Summary).status | Should -Be 'passed'

        Write-Host ('FIGURE concurrency: 10 runspaces at once over 2 emulators: {0} got their own results ({1} passed on A, {2} failed on B), {3} got their own errors ({4}); started within {6:0.000} s of each other, ran {5:0.0} s' -f
            @($results | Where-Object Status).Count, @($results | Where-Object Status -EQ 'passed').Count, @($results | Where-Object Status -EQ 'failed').Count,
            @($results | Where-Object { -not $_.Status }).Count, ((@($results | Where-Object { -not $_.Status }) | ForEach-Object { "$($_.Index): $($_.Errors[0])" }) -join ', '), $seconds, $spread)
    }

    It 'fall back to PANTO_API_KEY, which is one per process, each with a session of its own' {
        $saved = $env:PANTO_API_KEY, $env:PANTO_BASE_URI
        try {
            $env:PANTO_API_KEY = Get-EmulatorKey
            $env:PANTO_BASE_URI = $script:a.Url
            $module = Get-TestModulePath
            $ids = 0..3 | ForEach-Object -ThrottleLimit 4 -UseNewRunspace -Parallel {
                Import-Module $using:module
                (Get-PantoTestRun "conc-$_-run1").id
            }
            $ids | Sort-Object | Should -Be @('conc-0-run1', 'conc-1-run1', 'conc-2-run1', 'conc-3-run1')
        }
        finally { $env:PANTO_API_KEY, $env:PANTO_BASE_URI = $saved }
    }
}
