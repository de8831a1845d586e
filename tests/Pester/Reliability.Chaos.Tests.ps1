# Chaos: 30% of requests fail in transient ways (5xx, 429 with Retry-After, dropped connections,
# answers slower than the per-request timeout). Whatever the module hands back must still be
# complete, correct, in order and free of duplicates, with no error written.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '1000'

    # Delays cost a whole per-request timeout and 429s a whole Retry-After second, so they get one
    # share in twelve each; the other kinds two. The emulator draws uniformly from the list,
    # repeats included.
    $script:chaos = @{
        rate = 0.3; seed = 20260521; delay_ms = 1500; retry_after = '1'
        kinds = @('500', '500', '502', '502', '503', '503', '504', '504', '429', 'drop', 'drop', 'delay')
    }
    $script:kinds = '500', '502', '503', '504', '429', 'drop', 'delay'

    function Connect-Chaos {
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -TimeoutSec 1 -MaxRetries 10 -RetryDelayMilliseconds 20 -MaxRetryDelaySec 1
    }

    function Start-Chaos {
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body $script:chaos
    }

    function Stop-Chaos {
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE
        Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/stats'
    }

    function Format-Kinds($stats) {
        ($script:kinds | ForEach-Object { "$_ x$($stats.faults_by_kind.$_)" }) -join ', '
    }
}

AfterAll {
    Disconnect-PantoQa
    $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE
    $script:emulator | Stop-PantoEmulator
}

Describe 'Under 30% transient faults' -Tag 'Reliability' {
    It 'Get-PantoTestRun turns 1,000 piped ids into 1,000 correct runs, in order, without errors or duplicates' {
        Connect-Chaos
        # The truth, in one fault-free request: every run of the trigger as the service has it.
        $ids = 1..1000 | ForEach-Object { 'big_{0:d5}' -f $_ }
        $truth = @(Get-PantoTriggerRuns big)
        $truth.id | Should -Be $ids

        Start-Chaos
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $runs = @($ids | Get-PantoTestRun -ErrorVariable problems -ErrorAction SilentlyContinue)
        $seconds = $clock.Elapsed.TotalSeconds
        $stats = Stop-Chaos

        $problems.Count | Should -Be 0
        $runs.Count | Should -Be 1000
        $runs.id | Should -Be $ids
        @($runs.id | Sort-Object -Unique).Count | Should -Be 1000
        # Field by field, every value and null, in one comparison.
        ($runs | ConvertTo-Json -Depth 5 -Compress) | Should -BeExactly ($truth | ConvertTo-Json -Depth 5 -Compress)
        $stats.faults_injected | Should -BeGreaterThan 0
        foreach ($kind in $script:kinds) { $stats.faults_by_kind.$kind | Should -BeGreaterThan 0 -Because "faults of kind $kind were asked for" }
        ($stats.faults_injected / $stats.requests_served) | Should -BeGreaterThan 0.2

        Write-Host ('FIGURE chaos-get: 1,000 ids under 30% faults: {0} correct, in order, {1} errors, {2} duplicates; {3} requests, {4} faults injected ({5}); {6:0.0} s' -f
            $runs.Count, $problems.Count, ($runs.Count - @($runs.id | Sort-Object -Unique).Count),
            $stats.requests_served, $stats.faults_injected, (Format-Kinds $stats), $seconds)
    }

    It 'Wait-PantoTrigger returns each of 20 triggers finishing at different times exactly once' {
        Connect-Chaos
        $expected = @{}
        foreach ($i in 1..20) {
            $status = if ($i % 3 -eq 0) { 'failed' } else { 'passed' }
            $seconds = 1 + ($i % 6)
            Add-EmulatorTrigger $script:emulator "chaos-wait-$i" "in_process:$seconds,$status"
            $expected["chaos-wait-$i"] = $status
        }

        Start-Chaos
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $results = @(1..20 | ForEach-Object { "chaos-wait-$_" } | Wait-PantoTrigger -PollInterval 1 -Timeout 90 -ErrorVariable problems -ErrorAction SilentlyContinue)
        $seconds = $clock.Elapsed.TotalSeconds
        $stats = Stop-Chaos

        $problems.Count | Should -Be 0
        $results.Count | Should -Be 20
        @($results.trigger_id | Sort-Object -Unique).Count | Should -Be 20
        foreach ($result in $results) {
            $result.status | Should -Be $expected[$result.trigger_id] -Because "trigger $($result.trigger_id) ended so"
            $result.total | Should -Be 1
        }
        $stats.faults_injected | Should -BeGreaterThan 0

        Write-Host ('FIGURE chaos-wait: 20 triggers finishing 2-7 s apart under 30% faults: {0} results, {1} distinct, {2} errors; {3} requests, {4} faults injected ({5}); {6:0.0} s' -f
            $results.Count, @($results.trigger_id | Sort-Object -Unique).Count, $problems.Count,
            $stats.requests_served, $stats.faults_injected, (Format-Kinds $stats), $seconds)
    }
}
