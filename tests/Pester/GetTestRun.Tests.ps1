BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '300'
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'Get-PantoTestRun output' {
    BeforeAll { $script:run = Get-PantoTestRun testrun_01 }

    It 'is a PantoQa.TestRun' {
        $script:run.PSObject.TypeNames | Should -Contain 'PantoQa.TestRun'
    }

    It 'carries exactly the API field names' {
        $script:run.PSObject.Properties.Name | Should -Be @(
            'id', 'created_at', 'test_framework', 'context_id', 'env_id', 'build_file_id', 'runner_create_timestamp',
            'runner_start_timestamp', 'runner_end_timestamp', 'runner_status', 'remark', 'test_run_name', 'test_flow_id',
            'test_suite_id', 'target_device_list', 'trigger_id')
    }

    It 'matches the document example, with dates as dates and nulls kept' {
        $run = $script:run
        $run.created_at | Should -BeOfType [datetime]
        $run.created_at | Should -Be ([datetime]::new(2026, 5, 21, 10, 30, 0, [DateTimeKind]::Utc))
        $run.created_at.Kind | Should -Be 'Utc'
        $run.runner_start_timestamp | Should -Be ([datetime]::new(2026, 5, 21, 10, 32, 0, [DateTimeKind]::Utc))
        $run.runner_end_timestamp | Should -BeNullOrEmpty
        $run.remark | Should -BeNullOrEmpty
        $run.test_suite_id | Should -BeNullOrEmpty
        $run.runner_status | Should -BeOfType [string]
        $run.runner_status | Should -Be 'in_process'
        $run.test_run_name | Should -Be 'Checkout regression'
        $run.trigger_id | Should -Be 'trigger_01'
        $run.target_device_list[0].PSObject.TypeNames | Should -Contain 'PantoQa.TargetDevice'
        $run.target_device_list[0].device_name | Should -Be 'pixel 8'
        $run.target_device_list[0].platform | Should -Be 'android'
        $run.target_device_list[0].platform_version | Should -Be '14'
    }

    It 'converts back to the API names and values with ConvertTo-Json' {
        $json = $script:run | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json.id | Should -Be 'testrun_01'
        $json.PSObject.Properties.Name | Should -Contain 'runner_end_timestamp'
        $json.runner_end_timestamp | Should -BeNullOrEmpty
        $json.target_device_list[0].device_name | Should -Be 'pixel 8'
        $created = if ($PSEdition -eq 'Desktop') {
            # Windows PowerShell 5.1 writes a date as \/Date(<milliseconds since 1970 UTC>)\/.
            '\\/Date\({0}\)\\/' -f [DateTimeOffset]::new(2026, 5, 21, 10, 30, 0, [TimeSpan]::Zero).ToUnixTimeMilliseconds()
        }
        else { '2026-05-21T10:30:00Z' }
        # 5.1 puts two spaces after the colon, 7 one.
        ($script:run | ConvertTo-Json -Depth 5) | Should -Match ('"created_at":\s+"' + $created + '"')
    }

    It 'shows as a table of id, name, status, device and duration' {
        $text = $script:run | Out-String
        $text | Should -Match 'id\s+test_run_name\s+runner_status\s+device\s+duration'
        $text | Should -Match 'android pixel 8 14'
    }
}

Describe 'Get-PantoTestRun input' {
    It 'takes ids by position and by name' {
        (Get-PantoTestRun testrun_01).id | Should -Be 'testrun_01'
        (Get-PantoTestRun -Id testrun_01, r1).id | Should -Be @('testrun_01', 'r1')
    }

    It 'takes ids from the pipeline, in input order' {
        $ids = 1..300 | ForEach-Object { 'big_{0:d5}' -f $_ }
        $runs = $ids | Get-PantoTestRun
        $runs.id | Should -Be $ids
    }

    It 'keeps input order whatever the throttle, <Throttle>' -TestCases @(@{ Throttle = 1 }, @{ Throttle = 3 }, @{ Throttle = 64 }) {
        $ids = 300..251 | ForEach-Object { 'big_{0:d5}' -f $_ }
        ($ids | Get-PantoTestRun -ThrottleLimit $Throttle).id | Should -Be $ids
    }

    It 'binds by property name through <Alias>' -TestCases @(
        @{ Alias = 'id' }, @{ Alias = 'TestRunId' }, @{ Alias = 'test_run_id' }
    ) {
        ([pscustomobject]@{ $Alias = 'r2' } | Get-PantoTestRun).id | Should -Be 'r2'
    }

    It 'takes the runs of a trigger summary through test_runs' {
        (Get-PantoTriggerRuns t1 -Summary | Get-PantoTestRun).id | Should -Be @('r1', 'r2', 'r3', 'r4')
    }

    It 'takes runs piped from Get-PantoTriggerRuns' {
        (Get-PantoTriggerRuns t2 | Get-PantoTestRun).id | Should -Be @('r5', 'r6')
    }

    It 'refuses <Name> ids with a parameter validation error' -TestCases @(
        @{ Name = 'empty'; Id = '' }, @{ Name = 'whitespace'; Id = '   ' }, @{ Name = 'dot-dot'; Id = '..' }, @{ Name = 'line break'; Id = "a`nb" }
    ) {
        { Get-PantoTestRun -Id $Id } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'refuses a null id from the pipeline and goes on with the others' {
        $runs = 'r1', $null, 'r2' | Get-PantoTestRun -ErrorVariable problems -ErrorAction SilentlyContinue
        $runs.id | Should -Be @('r1', 'r2')
        $problems.Count | Should -Be 1
    }

    It 'escapes ids so that <Id> stays within the test-run path' -TestCases @(
        @{ Id = '../test-runs-by-trigger/t1' }, @{ Id = 'a/b' }, @{ Id = 'x?y=1' }, @{ Id = 'x#frag' }, @{ Id = '%2F' }, @{ Id = "$([char] 0xFC) $([char]::ConvertFromUtf32(0x1F680))" }
    ) {
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST
        $err = $null
        Get-PantoTestRun -Id $Id -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $targets = @(@(Get-EmulatorRequests $script:emulator).raw_target)
        $targets.Count | Should -Be 1
        $targets[0] | Should -Be ('/api/v1/qa/external/test-run/' + [uri]::EscapeDataString($Id))
    }
}

Describe 'Get-PantoTestRun errors' {
    It 'writes a non-terminating ObjectNotFound per missing id and goes on' {
        $runs = 'r1', 'missing-1', 'r2' | Get-PantoTestRun -ErrorVariable problems -ErrorAction SilentlyContinue
        $runs.id | Should -Be @('r1', 'r2')
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLikeExactly 'TestRunNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be 'missing-1'
        $problems[0].ToString() | Should -Match 'missing-1'
        $problems[0].ToString() | Should -Match 'Test run not found'
    }

    It 'ends the pipeline on a rejected key with an AuthenticationError and a hint' {
        Connect-PantoQa -ApiKey 'expired-key' -BaseUri $script:emulator.Url
        try {
            $err = { 'r1', 'r2' | Get-PantoTestRun -ErrorAction Continue } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'Unauthorized,*'
            $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $err.ToString() | Should -Match 'Invalid or expired API key'
            $err.ToString() | Should -Match 'Connect-PantoQa'
        }
        finally {
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
        }
    }

    It 'shows method, path, status and time with -Verbose' {
        $verbose = Get-PantoTestRun testrun_01 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$verbose" | Should -Match 'GET /api/v1/qa/external/test-run/testrun_01 -> 200 OK in \d+ ms'
    }
}

Describe 'Get-PantoTestRun with a failing service' {
    AfterEach {
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
    }

    It 'retries transient failures, shows each retry in -Verbose, and still returns the run' {
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10 -MaxRetries 10
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 0.5; seed = 7; kinds = @('503', '502', 'drop') }
        $records = 1..20 | ForEach-Object { 'big_{0:d5}' -f $_ } | Get-PantoTestRun -Verbose 4>&1
        $runs = @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $runs.Count | Should -Be 20
        @($records | Where-Object { "$_" -match 'retry \d+ of 10' }).Count | Should -BeGreaterThan 0
    }

    It 'gives up after the retry budget with a ConnectionError' {
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; seed = 1; kinds = @('503') }
        Get-PantoTestRun r1 -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ServiceUnavailable,*'
        @(Get-EmulatorRequests $script:emulator).Count | Should -Be 4
    }

    It 'reports a malformed body as InvalidResult, naming the endpoint and status' {
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; seed = 1; kinds = @('truncate') }
        Get-PantoTestRun r1 -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $problems[0].ToString() | Should -Match '/api/v1/qa/external/test-run/r1'
        $problems[0].ToString() | Should -Match 'HTTP 200'
        $problems[0].ToString() | Should -Not -Match 'JsonException|Path: \$'
    }
}
