# Restart-PantoTestRun and -RetryFailed end to end against the emulator: which flows start again
# on which builds and devices (seen through the runs the emulator creates), how many POSTs that
# takes, what is refused, and what the gate says after each attempt.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10

    # Flows whose runs are final from the start, so a wait ends on its first poll. "Add to cart"
    # fails on its first run on a build and device list and passes on every later one there;
    # "Pay" always fails; "Browse" always passes; two root flows share the name "Twin".
    $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/runs' -Method POST -Body @{
        flows = @(
            @{ id = 'flow_rr_flaky'; name = 'Add to cart'; tags = @{}; schedules = @(
                    , @(@{ status = 'failed'; remark = 'Timed out waiting for the cart' })
                    , @(@{ status = 'passed' })) }
            @{ id = 'flow_rr_broken'; name = 'Pay'; tags = @{}; schedule = @(@{ status = 'failed'; remark = 'Card declined' }) }
            @{ id = 'flow_rr_green'; name = 'Browse'; tags = @{}; schedule = @(@{ status = 'passed' }) }
            @{ id = 'flow_rr_twin_1'; name = 'Twin'; tags = @{}; schedule = @(@{ status = 'passed' }) }
            @{ id = 'flow_rr_twin_2'; name = 'Twin'; tags = @{}; schedule = @(@{ status = 'passed' }) }
        )
    }

    $script:deviceCount = 0
    function New-TestDevice {
        <# A device no test used before, so "Add to cart" fails on its first run there. #>
        $script:deviceCount++
        "android:Device $($script:deviceCount):14"
    }

    function Get-StartedFlows {
        <# What the triggers after the first $Skip started, one 'build | devices | flow' line per run, sorted. #>
        param([int] $Skip)
        $runs = @(Get-Triggered $script:emulator | Select-Object -Skip $Skip | ForEach-Object { $_.test_runs } | Get-PantoTestRun)
        @($runs | ForEach-Object {
                $devices = @($_.target_device_list | ForEach-Object { "$($_.platform):$($_.device_name):$($_.platform_version)" }) -join ', '
                "$($_.build_file_id) | $devices | $($_.test_run_name)"
            } | Sort-Object)
    }

    function Select-Typed {
        param([Parameter(ValueFromPipeline)] $InputObject, [string] $TypeName)
        process { if ($InputObject.PSObject.TypeNames -contains $TypeName) { $InputObject } }
    }
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'Restart-PantoTestRun' {
    It 'restarts exactly the failed flows of one build and set of devices, in one POST' {
        $pixel = New-TestDevice
        $results = @(Start-PantoTestFlow app_01 -Name 'Pay', 'Browse' -Device $pixel, 'ios:iPhone 15:17' -Wait -PollInterval 1 -Timeout 60 6>$null)
        $failed = @($results.test_runs | Where-Object runner_status -ne passed)
        $failed.test_run_name | Should -Be @('Pay')
        $posts = @(Get-TriggerPosts $script:emulator).Count
        $triggered = @(Get-Triggered $script:emulator).Count

        $start = @($failed | Restart-PantoTestRun 6>$null)

        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be ($posts + 1)
        $start.Count | Should -Be 1
        $start[0].PSObject.TypeNames | Should -Contain 'PantoQa.TriggerStart'
        $start[0].trigger_id | Should -Be (Get-Triggered $script:emulator)[-1].trigger_id
        Get-StartedFlows -Skip $triggered | Should -Be @("app_01 | $($pixel.ToLowerInvariant()), ios:iphone 15:17 | Pay")
    }

    It 'sends one POST per build and set of devices, and starts no flow on a device it was not given on' {
        $a = New-TestDevice
        $b = New-TestDevice
        function Run($id, $name, $build, [string[]] $devices) {
            [pscustomobject]@{
                id = $id; test_run_name = $name; build_file_id = $build; test_suite_id = $null; runner_status = 'failed'
                target_device_list = @($devices | ForEach-Object { $p, $n, $v = $_ -split ':'; [pscustomobject]@{ platform = $p; device_name = $n; platform_version = $v } })
            }
        }
        $runs = @(
            Run 'x1' 'Pay' 'app_01' $a
            Run 'x2' 'Browse' 'app_01' $a
            Run 'x3' 'Pay' 'app_01' $b
            Run 'x4' 'Pay' 'app_02' $a
            Run 'x5' 'Browse' 'app_01' $b, $a
            Run 'x6' 'Pay' 'app_01' $a
            Run 'x7' 'Browse' 'app_01' $a, $b
        )
        $posts = @(Get-TriggerPosts $script:emulator).Count
        $triggered = @(Get-Triggered $script:emulator).Count

        $start = @($runs | Restart-PantoTestRun 6>$null)

        $start.Count | Should -Be 4
        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be ($posts + 4)
        $a = $a.ToLowerInvariant()
        $b = $b.ToLowerInvariant()
        Get-StartedFlows -Skip $triggered | Should -Be (@(
                "app_01 | $a | Pay", "app_01 | $a | Browse", "app_01 | $b | Pay", "app_02 | $a | Pay", "app_01 | $b, $a | Browse"
            ) | Sort-Object)
    }

    It 'reads runs by -Id, and takes piped run ids' {
        $triggered = @(Get-Triggered $script:emulator).Count
        $start = @(Restart-PantoTestRun -Id r2 6>$null) + @('r3' | Restart-PantoTestRun 6>$null)
        $start.Count | Should -Be 2
        Get-StartedFlows -Skip $triggered | Should -Be @(
            'app_01 | android:galaxy s24:14 | Checkout regression'
            'app_ios_01 | ios:iphone 15:17.4 | Checkout regression'
        )
    }

    It 'restarts deserialized runs (Export-Clixml, Import-Clixml) as it restarts live ones' {
        $path = Join-Path $TestDrive 'failed.clixml'
        $live = @(Get-PantoTriggerRuns t1 | Where-Object runner_status -ne passed)
        $live | Export-Clixml -Path $path
        $deserialized = @(Import-Clixml -Path $path)
        $deserialized[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.PantoQa.TestRun'

        $triggered = @(Get-Triggered $script:emulator).Count
        $posts = @(Get-TriggerPosts $script:emulator).Count
        $null = $live | Restart-PantoTestRun 6>$null
        $fromLive = Get-StartedFlows -Skip $triggered
        $middle = @(Get-Triggered $script:emulator).Count
        $null = $deserialized | Restart-PantoTestRun 6>$null

        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be ($posts + 4)
        $fromLive.Count | Should -Be 2
        Get-StartedFlows -Skip $middle | Should -Be $fromLive
    }

    It 'refuses a run whose devices were exported as text, below Export-Clixml''s -Depth, and sends nothing for it' {
        $path = Join-Path $TestDrive 'result.clixml'
        Get-PantoTriggerRuns t1 -Summary | Export-Clixml -Path $path
        $runs = @((Import-Clixml -Path $path).test_runs | Where-Object runner_status -ne passed)
        $posts = @(Get-TriggerPosts $script:emulator).Count

        $out = $runs | Restart-PantoTestRun -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null

        $out | Should -BeNullOrEmpty
        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be $posts
        $problems.FullyQualifiedErrorId | Should -Be @('RestartRunIncomplete,PantoQa.Cmdlets.RestartPantoTestRunCommand', 'RestartRunIncomplete,PantoQa.Cmdlets.RestartPantoTestRunCommand')
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[0].ErrorDetails.Message | Should -Match '-Depth'
    }

    It 'refuses suite runs with RestartNotSupported, naming the suite, and sends nothing for them' {
        $posts = @(Get-TriggerPosts $script:emulator).Count
        $triggered = @(Get-Triggered $script:emulator).Count

        $out = @(Get-PantoTestRun run_failed_1, r2, run_passed_1 | Restart-PantoTestRun -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null)

        $out.Count | Should -Be 1
        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be ($posts + 1)
        Get-StartedFlows -Skip $triggered | Should -Be @('app_01 | android:galaxy s24:14 | Checkout regression')
        $problems.Count | Should -Be 2
        foreach ($problem in $problems) {
            $problem.FullyQualifiedErrorId | Should -BeLike 'RestartNotSupported,*'
            $problem.CategoryInfo.Category | Should -Be 'InvalidOperation'
        }
        $problems.TargetObject | Should -Be @('run_failed_1', 'run_passed_1')
        $problems[0].ErrorDetails.Message | Should -Match "'Release candidate checks' \(suite_release\)"
        $problems[1].ErrorDetails.Message | Should -Match "'Smoke suite' \(suite_smoke\)"
    }

    It 'sends nothing when every run given is a suite run' {
        $posts = @(Get-TriggerPosts $script:emulator).Count
        Get-PantoTestRun run_failed_1 | Restart-PantoTestRun -Wait -RetryFailed 1 -ErrorAction SilentlyContinue 6>$null | Should -BeNullOrEmpty
        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be $posts
    }

    It 'passes -Environment and -Context through' {
        $start = Restart-PantoTestRun -Id r2 -Environment staging -Context guest 6>$null
        $run = $start | Get-PantoTestRun
        $run.env_id | Should -Be 'env_01'
        $run.context_id | Should -Be 'context_02'
    }

    It 'warns when the service starts another number of runs than flows asked for' {
        $run = [pscustomobject]@{ id = 'twin_run'; test_run_name = 'Twin'; build_file_id = 'app_01'; target_device_list = @(@{ device_name = 'Pixel 6'; platform_version = '14' }) }
        $start = $run | Restart-PantoTestRun -WarningVariable warnings -WarningAction SilentlyContinue 6>$null
        $start.test_runs.Count | Should -Be 2
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -Match "asked for 1 flow\(s\) of build 'app_01' by name \('Twin'\), and the service started 2 run\(s\)"
    }

    It 'writes InvalidRestartInput for an object that is not a run, and goes on with the next' {
        $posts = @(Get-TriggerPosts $script:emulator).Count
        $out = @([pscustomobject]@{ name = 'nothing' }, (Get-PantoTestRun r2) | Restart-PantoTestRun -ErrorVariable problems -ErrorAction SilentlyContinue 6>$null)
        $out.Count | Should -Be 1
        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be ($posts + 1)
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRestartInput,*'
    }

    It '-WhatIf sends nothing and writes nothing' {
        $before = @(Get-EmulatorRequests $script:emulator | Where-Object method -EQ 'POST').Count
        Get-PantoTestRun r2, r3 | Restart-PantoTestRun -WhatIf | Should -BeNullOrEmpty
        Get-PantoTestRun r2, r3 | Restart-PantoTestRun -Wait -RetryFailed 2 -ErrorOnFailure -WhatIf | Should -BeNullOrEmpty
        @(Get-EmulatorRequests $script:emulator | Where-Object method -EQ 'POST').Count | Should -Be $before
    }

    It 'never sends a restart again where the service may have acted on it' {
        $device = New-TestDevice
        $run = [pscustomobject]@{
            id = 'pay_run'; test_run_name = 'Pay'; build_file_id = 'app_01'; runner_status = 'failed'
            target_device_list = @(@{ platform = 'android'; device_name = ($device -split ':')[1]; platform_version = '14' })
        }
        $posts = @(Get-TriggerPosts $script:emulator).Count
        $triggered = @(Get-Triggered $script:emulator).Count
        Set-PostFaults $script:emulator -Kinds 'act-then-drop' -Max 1
        try {
            $out = @($run | Restart-PantoTestRun -Wait -PollInterval 1 -Timeout 60 -RetryFailed 2 -ErrorOnFailure -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 6>$null)
        }
        finally {
            $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE
        }
        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be ($posts + 1)
        @(Get-Triggered $script:emulator).Count | Should -Be ($triggered + 1)
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'TriggerOutcomeUnknown,*'
        $summary = $out | Select-Typed -TypeName 'PantoQa.RetrySummary'
        $summary.status | Should -Be 'failed'
    }

    It 'refuses -RetryFailed without -Wait, before sending anything' {
        $posts = @(Get-TriggerPosts $script:emulator).Count
        { Restart-PantoTestRun -Id r2 -RetryFailed 1 } | Should -Throw -ErrorId 'WaitParameterWithoutWait,*' -ExpectedMessage '*-RetryFailed*-Wait*'
        { Start-PantoTestFlow app_01 -Name Pay -Device 'Pixel 6:14' -RetryFailed 1 } | Should -Throw -ErrorId 'WaitParameterWithoutWait,*'
        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be $posts
    }
}

Describe '-RetryFailed' {
    It 'is green with a warning when the retry passes, with exactly one POST per attempt' {
        $device = New-TestDevice
        $posts = @(Get-TriggerPosts $script:emulator).Count
        $triggered = @(Get-Triggered $script:emulator).Count

        $out = @(Start-PantoTestFlow app_01 -Name 'Add to cart', 'Browse' -Device $device -Wait -PollInterval 1 -Timeout 60 -RetryFailed 1 -ErrorOnFailure `
                -ErrorVariable problems -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue 6>$null)

        $problems | Should -BeNullOrEmpty
        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be ($posts + 2)
        $results = @($out | Select-Typed -TypeName 'PantoQa.TriggerResult')
        $results.status | Should -Be @('partially_passed', 'passed')
        $results[1].test_runs.test_run_name | Should -Be @('Add to cart')
        $results[1].test_runs[0].target_device_list[0].device_name | Should -Be ($device -split ':')[1].ToLowerInvariant()
        @(Get-Triggered $script:emulator | Select-Object -Skip $triggered).trigger_id | Should -Be $results.trigger_id

        $summary = $out[-1]
        $summary.PSObject.TypeNames[0] | Should -Be 'PantoQa.RetrySummary'
        $summary.status | Should -Be 'passed'
        $summary.attempts | Should -Be 2
        $summary.flows | Should -Be 2
        $summary.failed | Should -BeNullOrEmpty
        $summary.flaky.Count | Should -Be 1
        $summary.flaky[0].PSObject.TypeNames[0] | Should -Be 'PantoQa.RetryFlow'
        $summary.flaky[0].test_run_name | Should -Be 'Add to cart'
        $summary.flaky[0].passed_on_attempt | Should -Be 2
        $summary.flaky[0].statuses | Should -Be @('failed', 'passed')

        $warnings.Count | Should -Be 2
        "$($warnings[0])" | Should -BeLike "Flaky: 'Add to cart' on $($device.ToLowerInvariant()) (build app_01) passed only on attempt 2:*"
        "$($warnings[1])" | Should -BeLike 'Passed only thanks to retries: 1 of 2 flow run(s)*'
    }

    It 'is red when the retry fails again, naming the flow after the summary' {
        $device = New-TestDevice
        $posts = @(Get-TriggerPosts $script:emulator).Count

        $out = @(Start-PantoTestFlow app_01 -Name 'Pay', 'Browse' -Device $device -Wait -PollInterval 1 -Timeout 60 -RetryFailed 1 -ErrorOnFailure `
                -ErrorVariable problems -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue 6>$null)

        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be ($posts + 2)
        $warnings | Should -BeNullOrEmpty
        $summary = $out[-1]
        $summary.status | Should -Be 'failed'
        $summary.failed.test_run_name | Should -Be @('Pay')
        $summary.failed[0].statuses | Should -Be @('failed', 'failed')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'TriggerFailed,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $problems[0].TargetObject.status | Should -Be 'failed'
        $problems[0].ErrorDetails.Message | Should -BeLike "1 of 2 flow run(s) did not pass in their last attempt, after 2 attempt(s): 'Pay' on $($device.ToLowerInvariant()) (build app_01): attempt 1 failed*attempt 2 failed*"
    }

    It 'retries up to -RetryFailed times, and no more once every flow passed' {
        $posts = @(Get-TriggerPosts $script:emulator).Count
        $out = @(Start-PantoTestFlow app_01 -Name 'Pay' -Device (New-TestDevice) -Wait -PollInterval 1 -Timeout 60 -RetryFailed 3 -ErrorAction SilentlyContinue 6>$null)
        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be ($posts + 4)
        $out[-1].attempts | Should -Be 4

        $posts = @(Get-TriggerPosts $script:emulator).Count
        $out = @(Start-PantoTestFlow app_01 -Name 'Add to cart' -Device (New-TestDevice) -Wait -PollInterval 1 -Timeout 60 -RetryFailed 3 -WarningAction SilentlyContinue 6>$null)
        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be ($posts + 2)
        $out[-1].attempts | Should -Be 2
    }

    It 'fails a CI step under $ErrorActionPreference Stop only when a flow failed its last attempt' {
        $ErrorActionPreference = 'Stop'
        { Start-PantoTestFlow app_01 -Name 'Add to cart' -Device (New-TestDevice) -Wait -PollInterval 1 -Timeout 60 -RetryFailed 1 -ErrorOnFailure -WarningAction SilentlyContinue 6>$null } |
            Should -Not -Throw
        { Start-PantoTestFlow app_01 -Name 'Pay' -Device (New-TestDevice) -Wait -PollInterval 1 -Timeout 60 -RetryFailed 1 -ErrorOnFailure 6>$null } |
            Should -Throw -ErrorId 'TriggerFailed,*'
    }

    It 'restarts each failed flow on its own set of devices' {
        $a = New-TestDevice
        $b = New-TestDevice
        $triggered = @(Get-Triggered $script:emulator).Count
        $requests = @([pscustomobject]@{ app_id = 'app_01'; Device = $a }, [pscustomobject]@{ app_id = 'app_02'; Device = $a, $b })
        $out = @($requests | Start-PantoTestFlow -Name 'Add to cart', 'Browse' -Wait -PollInterval 1 -Timeout 60 -RetryFailed 1 -WarningAction SilentlyContinue 6>$null)
        $out[-1].status | Should -Be 'passed'
        $out[-1].flaky.Count | Should -Be 2
        Get-StartedFlows -Skip ($triggered + 2) | Should -Be (@(
                "app_01 | $($a.ToLowerInvariant()) | Add to cart", "app_02 | $($a.ToLowerInvariant()), $($b.ToLowerInvariant()) | Add to cart"
            ) | Sort-Object)
    }

    It 'Restart-PantoTestRun counts the runs given as attempt 1' {
        $device = New-TestDevice
        $failed = @(Start-PantoTestFlow app_01 -Name 'Add to cart' -Device $device -Wait -PollInterval 1 -Timeout 60 6>$null).test_runs
        $failed.runner_status | Should -Be @('failed')
        $posts = @(Get-TriggerPosts $script:emulator).Count

        $out = @($failed | Restart-PantoTestRun -Wait -PollInterval 1 -Timeout 60 -RetryFailed 1 -ErrorOnFailure -ErrorVariable problems -WarningVariable warnings -WarningAction SilentlyContinue 6>$null)

        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be ($posts + 1)
        $problems | Should -BeNullOrEmpty
        $out[-1].status | Should -Be 'passed'
        $out[-1].flaky[0].test_runs[0] | Should -Be $failed[0].id
        "$($warnings[0])" | Should -BeLike "Flaky: 'Add to cart'*passed only on attempt 2:*"
    }

    It 'is refused on Start-PantoTestSuite at binding, naming the parameter, and sends nothing' {
        $posts = @(Get-TriggerPosts $script:emulator).Count
        { Start-PantoTestSuite app_01 -IncludeTag @{ type = 'smoke' } -Device 'Pixel 6:14' -Wait -RetryFailed 1 } |
            Should -Throw -ErrorId 'NamedParameterNotFound,*' -ExpectedMessage "*'RetryFailed'*"
        (@(Get-TriggerPosts $script:emulator).Count) | Should -Be $posts
    }

    It 'takes 0 to 5' {
        { Start-PantoTestFlow app_01 -Name Pay -Device 'Pixel 6:14' -Wait -RetryFailed 6 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { Restart-PantoTestRun -Id r2 -Wait -RetryFailed -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}
