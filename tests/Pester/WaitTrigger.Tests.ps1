BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10

    function New-WaitRunspace {
        # A separate PowerShell lets a test read the progress stream and stop the pipeline, as Ctrl+C does.
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$(Get-TestModulePath)'; Connect-PantoQa -ApiKey '$(Get-EmulatorKey)' -BaseUri '$($script:emulator.Url)'").Invoke()
        $ps.Commands.Clear()
        $ps
    }
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'Wait-PantoTrigger' {
    It 'returns a trigger that is already final at once' {
        $result = Wait-PantoTrigger t1 -PollInterval 1
        $result.PSObject.TypeNames | Should -Contain 'PantoQa.TriggerResult'
        $result.status | Should -Be 'partially_passed'
    }

    It 'waits until the runs finish and reports the real transition' {
        Add-EmulatorTrigger $script:emulator 'w-one' 'queued:1,in_process:1,passed'
        (Get-PantoTriggerRuns w-one -Summary).status | Should -Be 'in_process'
        $result = Wait-PantoTrigger w-one -PollInterval 1
        $result.status | Should -Be 'passed'
        $result.test_runs[0].runner_end_timestamp | Should -Not -BeNullOrEmpty
    }

    It 'polls triggers concurrently and writes each as soon as it is final' {
        # Finishing 5 s apart, so the fast one is first by seconds even on a busy machine.
        Add-EmulatorTrigger $script:emulator 'w-slow' 'in_process:6,passed'
        Add-EmulatorTrigger $script:emulator 'w-fast' 'in_process:1,failed'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $arrivals = 'w-slow', 'w-fast' | Wait-PantoTrigger -PollInterval 1 | ForEach-Object {
            [pscustomobject]@{ Id = $_.trigger_id; At = $clock.Elapsed.TotalSeconds }
        }
        $arrivals.Id | Should -Be @('w-fast', 'w-slow')
        # The fast one is written while the slow one is still running.
        $arrivals[0].At | Should -BeLessThan ($arrivals[1].At - 1)
    }

    It 'waits once for a trigger piped once per run' {
        Add-EmulatorTrigger $script:emulator 'w-dup' 'passed', 'passed'
        $results = Get-PantoTriggerRuns w-dup | Wait-PantoTrigger -PollInterval 1
        @($results).Count | Should -Be 1
    }

    It 'writes a non-terminating OperationTimeout with the last result when -Timeout passes' {
        $results = Wait-PantoTrigger trigger_running, t2 -Timeout 2 -PollInterval 1 -ErrorVariable problems -ErrorAction SilentlyContinue
        $results.trigger_id | Should -Be 't2'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        $problems[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $problems[0].TargetObject.PSObject.TypeNames | Should -Contain 'PantoQa.TriggerResult'
        $problems[0].TargetObject.trigger_id | Should -Be 'trigger_running'
        $problems[0].TargetObject.status | Should -Be 'in_process'
    }

    It 'with -ErrorOnFailure writes an InvalidResult error for <Trigger>' -TestCases @(
        @{ Trigger = 't2'; Status = 'failed' }, @{ Trigger = 't1'; Status = 'partially_passed' }
    ) {
        $result = Wait-PantoTrigger $Trigger -PollInterval 1 -ErrorOnFailure -ErrorVariable problems -ErrorAction SilentlyContinue
        $result.status | Should -Be $Status
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'TriggerFailed,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $problems[0].TargetObject.trigger_id | Should -Be $Trigger
    }

    It 'with -ErrorOnFailure writes no error for a passed trigger' {
        $null = Wait-PantoTrigger trigger_passed -PollInterval 1 -ErrorOnFailure -ErrorVariable problems
        $problems.Count | Should -Be 0
    }

    It 'fails a CI step under $ErrorActionPreference Stop' {
        $ErrorActionPreference = 'Stop'
        { Wait-PantoTrigger t2 -PollInterval 1 -ErrorOnFailure } | Should -Throw -ErrorId 'TriggerFailed,*'
    }

    It 'writes a not-found error for a missing trigger and still waits for the others' {
        $results = Wait-PantoTrigger nope, trigger_passed -PollInterval 1 -ErrorVariable problems -ErrorAction SilentlyContinue
        $results.trigger_id | Should -Be 'trigger_passed'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'shows progress per trigger with finished, total, passed and failed, and completes it' {
        # The runspace first: importing the module there can take seconds on a busy machine,
        # and the first poll must still find the second run in process.
        $ps = New-WaitRunspace
        try {
            Add-EmulatorTrigger $script:emulator 'w-progress' 'passed', 'in_process:3,failed'
            $null = $ps.AddScript('$ProgressPreference = "Continue"; Wait-PantoTrigger w-progress -PollInterval 1').Invoke()
            $records = @($ps.Streams.Progress)
            $records.StatusDescription | Should -Contain '1 of 2 runs finished: 1 passed, 0 failed'
            $records.StatusDescription | Should -Contain '2 of 2 runs finished: 1 passed, 1 failed'
            $records[-1].RecordType | Should -Be 'Completed'
            @($records | Where-Object RecordType -EQ 'Completed').ActivityId | Sort-Object -Unique | Should -Be @(0, 1)
        }
        finally { $ps.Dispose() }
    }

    It 'keeps waiting through transient failures' {
        Add-EmulatorTrigger $script:emulator 'w-flaky' 'in_process:2,passed'
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 0.6; seed = 3; kinds = @('503', 'drop') }
        try {
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -MaxRetries 0
            (Wait-PantoTrigger w-flaky -PollInterval 1 -Timeout 30).status | Should -Be 'passed'
        }
        finally {
            $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
        }
    }

    It 'honours Retry-After between polls' {
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; seed = 1; kinds = @('429'); retry_after = '3' }
        try {
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -MaxRetries 0
            $results = Wait-PantoTrigger trigger_running -PollInterval 1 -Timeout 5 -ErrorVariable problems -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
            # Polls at 0 s and 3 s; the next would be at 6 s, past the timeout. Every second, as
            # without Retry-After, would be five or six; none at all would be a wait that never polled.
            $polls = @(Get-EmulatorRequests $script:emulator | Where-Object raw_target -Match 'trigger_running')
            $polls.Count | Should -Be 2
            $polls.status | Should -Be @(429, 429)
            ([datetime] $polls[1].time - [datetime] $polls[0].time).TotalSeconds | Should -BeGreaterOrEqual 2.9
            $results | Should -BeNullOrEmpty
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
            # No poll answered, so there is no last result: the target is the id.
            $problems[0].TargetObject | Should -Be 'trigger_running'
            "$($problems[0])" | Should -Match 'not answered successfully yet'
            # Two failed polls of five allowed (-MaxPollFailures): one warning, when the streak began.
            @($warnings).Count | Should -Be 1
            "$($warnings[0])" | Should -Match "^Polls of trigger 'trigger_running' are failing: .* Polling again in 3 s"
        }
        finally {
            $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
        }
    }

    It 'stops within a second when the pipeline is stopped during <During>' -Tag 'RealTime' -TestCases @(
        @{ During = 'a sleep between polls'; Faults = @(); PollInterval = 30 }
        @{ During = 'a request that hangs'; Faults = @('hang'); PollInterval = 1 }
    ) {
        if ($Faults) {
            $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; seed = 1; kinds = $Faults }
        }
        $ps = New-WaitRunspace
        try {
            $null = $ps.AddScript("Wait-PantoTrigger trigger_running -PollInterval $PollInterval")
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 1500
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1.5
            $async.IsCompleted | Should -BeTrue
        }
        finally {
            $ps.Dispose()
            $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE
        }
    }
}
