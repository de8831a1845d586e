BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'Get-PantoTriggerRuns' {
    It 'writes each run of the trigger as a PantoQa.TestRun' {
        $runs = Get-PantoTriggerRuns t1
        $runs.id | Should -Be @('r1', 'r2', 'r3', 'r4')
        $runs | ForEach-Object { $_.PSObject.TypeNames | Should -Contain 'PantoQa.TestRun' }
    }

    It 'filters with Where-Object runner_status, as the design card shows' {
        (Get-PantoTriggerRuns t1 | Where-Object runner_status -eq failed).id | Should -Be @('r2', 'r3')
    }

    It 'answers which devices failed' {
        $devices = Get-PantoTriggerRuns t1 | Where-Object runner_status -eq failed | ForEach-Object { $_.target_device_list.device_name }
        $devices | Should -Be @('galaxy s24', 'iphone 15')
    }

    It 'chains triggers, a filter and Get-PantoTestRun' {
        $runs = 't1', 't2' | Get-PantoTriggerRuns | Where-Object runner_status -eq failed | Get-PantoTestRun
        # r6 timed out: a failure by the aggregate's rules, but its runner_status is not 'failed'.
        $runs.id | Should -Be @('r2', 'r3', 'r5')
    }

    It 'binds by property name through trigger_id' {
        ([pscustomobject]@{ trigger_id = 't2' } | Get-PantoTriggerRuns).id | Should -Be @('r5', 'r6')
    }

    It 'summarises with -Summary: aggregate status, runs and counts for <Trigger>' -TestCases @(
        @{ Trigger = 't1'; Status = 'partially_passed'; Total = 4; Passed = 2; Failed = 2; InProcess = 0 }
        @{ Trigger = 't2'; Status = 'failed'; Total = 2; Passed = 0; Failed = 2; InProcess = 0 }
        @{ Trigger = 'trigger_passed'; Status = 'passed'; Total = 2; Passed = 2; Failed = 0; InProcess = 0 }
        @{ Trigger = 'trigger_running'; Status = 'in_process'; Total = 2; Passed = 1; Failed = 0; InProcess = 1 }
    ) {
        $result = Get-PantoTriggerRuns $Trigger -Summary
        $result.PSObject.TypeNames | Should -Contain 'PantoQa.TriggerResult'
        $result.trigger_id | Should -Be $Trigger
        $result.status | Should -Be $Status
        $result.total | Should -Be $Total
        $result.passed | Should -Be $Passed
        $result.failed | Should -Be $Failed
        $result.in_process | Should -Be $InProcess
        $result.test_runs.Count | Should -Be $Total
        $result.test_runs[0].PSObject.TypeNames | Should -Contain 'PantoQa.TestRun'
    }

    It 'shows summaries as a table' {
        $text = Get-PantoTriggerRuns t1, t2 -Summary | Out-String
        $text | Should -Match 'trigger_id\s+status\s+total\s+passed\s+failed\s+in_process'
        $text | Should -Match 't1\s+partially_passed\s+4\s+2\s+2\s+0'
    }

    It 'writes a non-terminating ObjectNotFound for a missing trigger and goes on' {
        $runs = 'nope', 't2' | Get-PantoTriggerRuns -ErrorVariable problems -ErrorAction SilentlyContinue
        $runs.id | Should -Be @('r5', 'r6')
        $problems[0].FullyQualifiedErrorId | Should -BeLikeExactly 'TriggerNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be 'nope'
        $problems[0].ToString() | Should -Match 'No test runs found for trigger id'
    }
}

Describe '-Summary of piped runs' {
    It 'reads and writes each distinct trigger once per call, however many of its runs come in' {
        $runs = @(Get-PantoTriggerRuns t1)
        $runs.Count | Should -BeGreaterThan 1
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST
        $summaries = @($runs + $runs | Get-PantoTriggerRuns -Summary)
        $summaries.Count | Should -Be 1
        $summaries[0].trigger_id | Should -Be 't1'
        @(Get-EmulatorRequests $script:emulator | Where-Object raw_target -Like '*/test-runs-by-trigger/t1').Count | Should -Be 1
    }
}
