# Concurrency: connections are per runspace (src/PantoQa.Cmdlets/Session/SessionStore.cs). Ten
# runspaces of a RunspacePool at once, each with its own key and base URI against two emulators,
# each get their own results and errors, and Connect-PantoQa or Disconnect-PantoQa in one changes
# no other. A RunspacePool rather than ForEach-Object -Parallel, so Windows PowerShell runs it too.

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

    function Invoke-InRunspaces($Plan, [object[]] $Arguments, [scriptblock] $Script) {
        <# Runs the script once per plan item, all at once, each in a runspace of its own. #>
        $pool = [runspacefactory]::CreateRunspacePool(@($Plan).Count, @($Plan).Count)
        $pool.Open()
        try {
            $jobs = foreach ($item in $Plan) {
                $ps = [powershell]::Create()
                $ps.RunspacePool = $pool
                $null = $ps.AddScript($Script).AddArgument($item)
                foreach ($argument in $Arguments) { $null = $ps.AddArgument($argument) }
                [pscustomobject]@{ PowerShell = $ps; Pending = $ps.BeginInvoke() }
            }
            foreach ($job in $jobs) {
                $job.PowerShell.EndInvoke($job.Pending)
                $job.PowerShell.Dispose()
            }
        }
        finally { $pool.Dispose() }
    }

    # Runspace 4 disconnects: with no key in the environment either, it must have none.
    $script:savedEnvironment = $env:PANTO_API_KEY, $env:PANTO_BASE_URI
    $env:PANTO_API_KEY = $null
    $env:PANTO_BASE_URI = $null

    # This runspace's own connection, which none of the ten may change.
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:a.Url -RetryDelayMilliseconds 10
}

AfterAll {
    Disconnect-PantoQa
    $env:PANTO_API_KEY, $env:PANTO_BASE_URI = $script:savedEnvironment
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
        $clock = [Diagnostics.Stopwatch]::StartNew()

        $results = Invoke-InRunspaces -Plan $plan -Arguments $barrier, (Get-TestModulePath), $script:b.Url -Script {
            param($Step, $Barrier, $Module, $OtherUrl)
            $timeout = [TimeSpan]::FromSeconds(60)
            $outcome = [ordered]@{ Index = $Step.Index; Run = $null; RunTrigger = $null; Status = $null; Errors = @(); Started = $null; Ended = $null }
            try {
                Import-Module $Module
                Connect-PantoQa -ApiKey $Step.Key -BaseUri $Step.Url -RetryDelayMilliseconds 10
                $null = $Barrier.SignalAndWait($timeout)
                if ($Step.Index -eq 0) { Connect-PantoQa -ApiKey expired-key -BaseUri $OtherUrl }
                if ($Step.Index -eq 4) { Disconnect-PantoQa }
                $null = $Barrier.SignalAndWait($timeout)
                $outcome.Started = [DateTime]::UtcNow

                $problems = $null
                $run = Get-PantoTestRun "conc-$($Step.Index)-run1" -ErrorVariable +problems -ErrorAction SilentlyContinue
                $wait = Wait-PantoTrigger "conc-$($Step.Index)" -PollInterval 1 -Timeout 30 -ErrorVariable +problems -ErrorAction SilentlyContinue
                $outcome.Run = $run.id
                $outcome.RunTrigger = $run.trigger_id
                $outcome.Status = $wait.status
                $outcome.Errors = @($problems | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] })
            }
            catch {
                $outcome.Errors += $_.FullyQualifiedErrorId.Split(',')[0]
            }
            $outcome.Ended = [DateTime]::UtcNow
            [pscustomobject]$outcome
        }
        $seconds = $clock.Elapsed.TotalSeconds

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
        try {
            $env:PANTO_API_KEY = Get-EmulatorKey
            $env:PANTO_BASE_URI = $script:a.Url
            $ids = Invoke-InRunspaces -Plan (0..3) -Arguments (, (Get-TestModulePath)) -Script {
                param($Index, $Module)
                Import-Module $Module
                (Get-PantoTestRun "conc-$Index-run1").id
            }
            $ids | Sort-Object | Should -Be @('conc-0-run1', 'conc-1-run1', 'conc-2-run1', 'conc-3-run1')
        }
        finally { $env:PANTO_API_KEY = $env:PANTO_BASE_URI = $null }
    }
}
