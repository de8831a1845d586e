# Start-PantoTestFlow and Start-PantoTestSuite end to end against the emulator: what is sent (seen
# through the runs the emulator creates), how often it is sent, and what the user gets back.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10

    function Get-FreeLoopbackPort {
        <# A port nothing listens on: taken, then released, so a connection to it is refused. #>
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start()
        try { $probe.LocalEndpoint.Port } finally { $probe.Stop() }
    }
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'Start-PantoTestFlow' {
    It 'starts the matching flows on every device and learns the trigger id from the first run' {
        $before = (Get-TriggerPosts $script:emulator).Count
        $start = Start-PantoTestFlow app_01 -IncludeTag @{ priority = 'p1' } -Device 'android:Pixel 6:14', 'ios:iPhone 15:17'
        (Get-TriggerPosts $script:emulator).Count | Should -Be ($before + 1)
        $start.PSObject.TypeNames | Should -Contain 'PantoQa.TriggerStart'
        $start.message | Should -Be 'Triggered 2 test flow(s) matched.'
        $triggered = (Get-Triggered $script:emulator)[-1]
        $triggered.endpoint | Should -Be 'test-flow'
        $start.trigger_id | Should -Be $triggered.trigger_id
        $start.test_runs | Should -Be $triggered.test_runs
        $runs = $start | Get-PantoTestRun
        $runs.test_run_name | Should -Be @('Checkout regression', 'Login')
        foreach ($run in $runs) {
            $run.build_file_id | Should -Be 'app_01'
            $run.trigger_id | Should -Be $start.trigger_id
            @($run.target_device_list).Count | Should -Be 2
            $run.target_device_list[0].platform | Should -Be 'android'
            $run.target_device_list[0].device_name | Should -Be 'pixel 6'
            $run.target_device_list[1].platform_version | Should -Be '17'
            $run.env_id | Should -BeNullOrEmpty
            $run.context_id | Should -BeNullOrEmpty
        }
    }

    It 'shows a table of trigger id, run count and message' {
        $start = Start-PantoTestFlow app_01 -Name Search -Device 'Pixel 6:14'
        $table = $start | Format-Table | Out-String
        $table | Should -Match 'trigger_id\s+runs\s+message'
        $table | Should -Match ([regex]::Escape($start.trigger_id) + '\s+1\s+Triggered 1 test flow')
    }

    It 'pipes into Wait-PantoTrigger by trigger_id' {
        $result = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' | Wait-PantoTrigger -PollInterval 1 -Timeout 60
        $result.PSObject.TypeNames | Should -Contain 'PantoQa.TriggerResult'
        $result.status | Should -Be 'passed'
        $result.total | Should -Be 1
    }

    It 'starts flows by name through _$NAME' {
        $start = Start-PantoTestFlow app_01 -Name 'Login', 'Search' -Device 'Pixel 6:14'
        ($start | Get-PantoTestRun).test_run_name | Should -Be @('Login', 'Search')
    }

    It 'starts every flow but the excluded ones' {
        $start = Start-PantoTestFlow app_01 -ExcludeTag @{ team = 'payments' } -Device 'Pixel 6:14'
        ($start | Get-PantoTestRun).test_run_name | Should -Be @('Login', 'Search')
    }

    It 'sends each tag value as an array, a single string as well as several' {
        $start = Start-PantoTestFlow app_01 -IncludeTag @{ team = 'identity', 'discovery'; priority = 'p1' } -Device 'Pixel 6:14'
        ($start | Get-PantoTestRun).test_run_name | Should -Be @('Login')
    }

    It 'sends -Environment and -Context by name' {
        $start = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Environment staging -Context guest
        $run = $start | Get-PantoTestRun
        $run.env_id | Should -Be 'env_01'
        $run.context_id | Should -Be 'context_02'
    }

    It 'reports <ErrorId> with the value sent as TargetObject, and starts nothing' -TestCases @(
        @{ ErrorId = 'BuildNotFound'; Arguments = @{ AppId = 'no_such_build' }; Target = 'no_such_build'; Detail = 'Build file not found' }
        @{ ErrorId = 'EnvironmentNotFound'; Arguments = @{ Environment = 'moon' }; Target = 'moon'; Detail = 'Environment not found' }
        @{ ErrorId = 'ContextNotFound'; Arguments = @{ Context = 'nobody' }; Target = 'nobody'; Detail = 'Context not found' }
    ) {
        $call = @{ AppId = 'app_01'; Name = 'Login'; Device = 'Pixel 6:14' }
        foreach ($key in $Arguments.Keys) { $call[$key] = $Arguments[$key] }
        $before = (Get-Triggered $script:emulator).Count
        $out = Start-PantoTestFlow @call -ErrorVariable problems -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be $Target
        $problems[0].ErrorDetails.Message | Should -Match $Detail
        $problems[0].ErrorDetails.Message | Should -Match ([regex]::Escape("'$Target'"))
        (Get-Triggered $script:emulator).Count | Should -Be $before
    }

    It 'reports NoMatchingTests with the tags sent' {
        $null = Start-PantoTestFlow app_01 -IncludeTag @{ team = 'nobody' } -Device 'Pixel 6:14' -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'NoMatchingTests,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject['team'] | Should -Be 'nobody'
        $problems[0].ErrorDetails.Message | Should -Match 'No test flows found matching the provided tags'
        $problems[0].ErrorDetails.Message | Should -Match 'team: \[nobody\]'
    }

    It 'goes on with the next piped request after a not-found one' {
        $requests = @(
            [pscustomobject]@{ build_file_id = 'no_such_build'; target_device_list = @('Pixel 6:14') }
            [pscustomobject]@{ build_file_id = 'app_02'; target_device_list = @('Pixel 6:14') }
        )
        $out = $requests | Start-PantoTestFlow -Name Login -ErrorVariable problems -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        ($out | Get-PantoTestRun).build_file_id | Should -Be 'app_02'
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'BuildNotFound,*'
    }

    It 'writes InvalidTriggerRequest for a blank app id and goes on with the next item' {
        $before = (Get-TriggerPosts $script:emulator).Count
        $out = '  ', 'app_01' | ForEach-Object { [pscustomobject]@{ app_id = $_ } } |
            Start-PantoTestFlow -Name Login -Device 'Pixel 6:14' -ErrorVariable problems -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidTriggerRequest,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-TriggerPosts $script:emulator).Count | Should -Be ($before + 1)
    }

    It '-Verbose shows the POST and what it started' {
        $lines = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $text = $lines.Message -join "`n"
        $text | Should -Match 'POST /api/v1/qa/external/test-flow/trigger -> 200 OK'
        $text | Should -Match "Started 1 run\(s\) of the test flows of build 'app_01' as trigger 'trigger_[0-9a-f]{32}'"
        $text | Should -Not -Match (Get-EmulatorKey)
    }
}

Describe 'Start-PantoTestSuite' {
    It 'starts the matching suites and says so' {
        $start = Start-PantoTestSuite app_01 -IncludeTag @{ type = 'smoke' } -Device 'android:Pixel 6:14'
        $start.message | Should -Be 'Triggered 1 test suite(s) matched.'
        (Get-Triggered $script:emulator)[-1].endpoint | Should -Be 'testsuite'
        $run = $start | Get-PantoTestRun
        $run.test_run_name | Should -Be 'Smoke suite'
        $run.test_suite_id | Should -Be 'suite_smoke'
    }

    It 'has no -Name: _$NAME matches flows only' {
        (Get-Command Start-PantoTestSuite).Parameters.ContainsKey('Name') | Should -BeFalse
    }

    It 'reports NoMatchingTests for suites' {
        $null = Start-PantoTestSuite app_01 -IncludeTag @{ type = 'nightly' } -Device 'Pixel 6:14' -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'NoMatchingTests,*'
        $problems[0].ErrorDetails.Message | Should -Match 'No test suites found'
    }
}

Describe 'Devices' {
    It 'takes <What>' -TestCases @(
        @{ What = 'platform:name:version'; Device = 'android:Pixel 6:14'; Platform = 'android'; Name = 'pixel 6'; Version = '14' }
        @{ What = 'name:version, sent without a platform'; Device = 'Galaxy S24:14'; Platform = $null; Name = 'galaxy s24'; Version = '14' }
        @{ What = 'a hashtable with a numeric version'; Device = @{ platform = 'ios'; device_name = 'iPhone 15'; platform_version = 17 }; Platform = 'ios'; Name = 'iphone 15'; Version = '17' }
        @{ What = 'a hashtable without a platform'; Device = @{ device_name = 'iPad Air'; platform_version = '17.2' }; Platform = $null; Name = 'ipad air'; Version = '17.2' }
        @{ What = 'an object'; Device = [pscustomobject]@{ platform = 'android'; device_name = 'Pixel 8'; platform_version = '15' }; Platform = 'android'; Name = 'pixel 8'; Version = '15' }
    ) {
        $start = Start-PantoTestFlow app_01 -Name Search -Device $Device
        $device = ($start | Get-PantoTestRun).target_device_list[0]
        $device.platform | Should -Be $Platform
        $device.device_name | Should -Be $Name
        $device.platform_version | Should -Be $Version
    }

    It "takes a run's target_device_list, live and deserialized" {
        $run = Get-PantoTestRun run_passed_2
        $live = Start-PantoTestFlow app_01 -Name Search -Device $run.target_device_list
        $path = Join-Path ([IO.Path]::GetTempPath()) "panto-run-$([guid]::NewGuid().ToString('N')).xml"
        try {
            $run | Export-Clixml -Path $path
            $restored = Import-Clixml -Path $path
            $restored.target_device_list[0].PSObject.TypeNames | Should -Contain 'Deserialized.PantoQa.TargetDevice'
            $again = Start-PantoTestFlow app_01 -Name Search -Device $restored.target_device_list -Environment staging
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
        foreach ($start in $live, $again) {
            $devices = ($start | Get-PantoTestRun).target_device_list
            $devices.device_name | Should -Be @($run.target_device_list.device_name)
            $devices.platform_version | Should -Be @($run.target_device_list.platform_version)
        }
    }

    It 'binds a piped run by property name: its build and its devices' {
        $start = Get-PantoTestRun r2 | Start-PantoTestFlow -Name Login -AppId app_02
        $run = $start | Get-PantoTestRun
        $run.build_file_id | Should -Be 'app_02'
        $run.target_device_list[0].device_name | Should -Be 'galaxy s24'
    }

    It 'refuses <What> at binding, and sends nothing' -TestCases @(
        @{ What = 'a name without a version'; Device = 'Pixel 6'; Message = "is not 'platform:device name:version'" }
        @{ What = 'too many parts'; Device = 'a:b:c:d'; Message = "is not 'platform:device name:version'" }
        @{ What = 'an empty part'; Device = 'android::14'; Message = "is not 'platform:device name:version'" }
        @{ What = 'a misspelt key'; Device = @{ devicename = 'Pixel 6'; platform_version = '14' }; Message = "key 'devicename' is not one of" }
        @{ What = 'a missing version'; Device = @{ device_name = 'Pixel 6' }; Message = 'needs both a device_name and a platform_version' }
        @{ What = 'a value that is not text'; Device = @{ device_name = @{ a = 1 }; platform_version = '14' }; Message = 'device_name is a Hashtable, not text' }
        @{ What = 'an object without device fields'; Device = (Get-Date); Message = 'has no device_name or platform_version' }
        @{ What = 'no device'; Device = @(); Message = 'At least one device' }
    ) {
        $before = (Get-EmulatorRequests $script:emulator).Count
        $caught = $null
        try { Start-PantoTestFlow app_01 -Name Login -Device $Device } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $caught.Exception.Message | Should -Match ([regex]::Escape($Message))
        (Get-EmulatorRequests $script:emulator).Count | Should -Be $before
    }
}

Describe 'Tags' {
    It 'refuses -IncludeTag @{} at binding, saying it would start every flow, and sends nothing' {
        $before = (Get-EmulatorRequests $script:emulator).Count
        $caught = $null
        try { Start-PantoTestFlow app_01 -IncludeTag @{} -Device 'Pixel 6:14' } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
        $caught.Exception.Message | Should -Match 'would start them all'
        $caught.Exception.Message | Should -Match '-ExcludeTag @\{\}'
        (Get-EmulatorRequests $script:emulator).Count | Should -Be $before
    }

    It 'starts everything with -ExcludeTag @{}' {
        $start = Start-PantoTestSuite app_01 -ExcludeTag @{} -Device 'Pixel 6:14'
        ($start | Get-PantoTestRun).test_suite_id | Should -Be @('suite_release', 'suite_smoke')
    }

    It 'refuses a tag value that is not text' {
        { Start-PantoTestFlow app_01 -IncludeTag @{ team = @{ a = 1 } } -Device 'Pixel 6:14' } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,PantoQa.Cmdlets.StartPantoTestFlowCommand' -ExpectedMessage "*tag 'team' has a value that is not text*"
    }

    It 'refuses two selectors at binding' {
        { Start-PantoTestFlow app_01 -IncludeTag @{ a = 'b' } -Name Login -Device 'Pixel 6:14' } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
        { Start-PantoTestFlow app_01 -IncludeTag @{ a = 'b' } -ExcludeTag @{ a = 'c' } -Device 'Pixel 6:14' } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
    }
}

Describe 'One trigger per distinct request' {
    It 'sends the same request once, however often it is piped' {
        $before = (Get-TriggerPosts $script:emulator).Count
        $runs = 1..3 | ForEach-Object { [pscustomobject]@{ app_id = 'app_01'; target_device_list = @(@{ platform = 'android'; device_name = 'Pixel 6'; platform_version = '14' }) } }
        $out = $runs | Start-PantoTestFlow -IncludeTag @{ team = 'identity', 'discovery' }
        @($out).Count | Should -Be 1
        (Get-TriggerPosts $script:emulator).Count | Should -Be ($before + 1)
    }

    # -IncludeTag, -ExcludeTag and -Name bind once per command, never from piped objects, so the
    # tags cannot differ between the records of one command: that tag names and values in
    # another order make the same request is TriggerRequestTests' to prove. What piped records
    # can vary is the build and the devices, and a device is the same whatever its form.
    It 'treats a piped device in another form as the same request, and another device as a new one' {
        $before = (Get-TriggerPosts $script:emulator).Count
        $triggeredBefore = @(Get-Triggered $script:emulator).Count
        $records = @(
            [pscustomobject]@{ app_id = 'app_01'; Device = 'android:Pixel 6:14' }
            [pscustomobject]@{ app_id = 'app_01'; target_device_list = @(@{ platform = 'android'; device_name = 'Pixel 6'; platform_version = '14' }) }
            [pscustomobject]@{ app_id = 'app_01'; Device = [pscustomobject]@{ platform = 'android'; device_name = 'Pixel 6'; platform_version = '14' } }
            [pscustomobject]@{ app_id = 'app_01'; Device = 'android:Pixel 7:14' }
        )
        $out = $records | Start-PantoTestFlow -IncludeTag @{ team = 'identity', 'discovery' } -Verbose 4>&1
        $started = @($out | Where-Object { $_.PSObject.TypeNames -contains 'PantoQa.TriggerStart' })
        $started.Count | Should -Be 2
        $skipped = @($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Not starting *' })
        $skipped.Message | Should -Be @(
            "Not starting the test flows of build 'app_01' again: this call already sent the same request."
            "Not starting the test flows of build 'app_01' again: this call already sent the same request."
        )
        (Get-TriggerPosts $script:emulator).Count | Should -Be ($before + 2)
        $triggered = @(Get-Triggered $script:emulator | Select-Object -Skip $triggeredBefore)
        $triggered.trigger_id | Should -Be $started.trigger_id
        $devices = foreach ($start in $started) { (@($start | Get-PantoTestRun)[0].target_device_list).device_name }
        $devices | Should -Be @('Pixel 6', 'Pixel 7')
    }
}

Describe 'ShouldProcess' {
    It '-WhatIf sends nothing and writes nothing to the pipeline' {
        $before = (Get-EmulatorRequests $script:emulator).Count
        $out = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -WhatIf
        $out | Should -BeNullOrEmpty
        $out = Start-PantoTestSuite app_01 -IncludeTag @{ type = 'smoke' } -Device 'Pixel 6:14' -WhatIf
        $out | Should -BeNullOrEmpty
        (Get-EmulatorRequests $script:emulator).Count | Should -Be $before
    }

    It 'is ConfirmImpact Medium: no prompt by default, and -Confirm asks before sending' {
        $attribute = [PantoQa.Cmdlets.StartPantoTestFlowCommand].GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'Medium'
        $attribute.SupportsShouldProcess | Should -BeTrue
        # A hosted PowerShell has no UI to answer the prompt, so asking fails there and nothing is sent.
        $before = (Get-TriggerPosts $script:emulator).Count
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Get-TestModulePath)'; Connect-PantoQa -ApiKey '$(Get-EmulatorKey)' -BaseUri '$($script:emulator.Url)'; Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Confirm")
            $caught = $null
            try { $null = $ps.Invoke() } catch { $caught = $_ }
            "$caught $($ps.Streams.Error)" | Should -Match 'prompt'
        }
        finally { $ps.Dispose() }
        (Get-TriggerPosts $script:emulator).Count | Should -Be $before
    }
}

Describe 'Resending a trigger' {
    AfterEach { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE }

    It 'resends after <Kind>, which the service did not act on: <Sent> POSTs, one trigger' -TestCases @(
        @{ Kind = '503'; Sent = 3 }
        @{ Kind = '429'; Sent = 3 }
    ) {
        Set-PostFaults $script:emulator -Kinds $Kind -Max 2 -RetryAfter 1
        $posts = (Get-TriggerPosts $script:emulator).Count
        $triggers = (Get-Triggered $script:emulator).Count
        $start = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14'
        $start.trigger_id | Should -Match '^trigger_'
        (Get-TriggerPosts $script:emulator).Count | Should -Be ($posts + $Sent)
        (Get-Triggered $script:emulator).Count | Should -Be ($triggers + 1)
    }

    It 'never resends after <Kind>: one POST and TriggerOutcomeUnknown' -TestCases @(
        @{ Kind = '500' }, @{ Kind = '502' }, @{ Kind = '504' }, @{ Kind = 'drop' }
    ) {
        Set-PostFaults $script:emulator -Kinds $Kind
        $posts = (Get-TriggerPosts $script:emulator).Count
        $out = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -ErrorVariable problems -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'TriggerOutcomeUnknown,*'
        $problems[0].TargetObject | Should -Be 'app_01'
        $problems[0].ErrorDetails.Message | Should -Match 'not known whether runs'
        $problems[0].ErrorDetails.Message | Should -Match "Check in the Panto QA app for runs of build 'app_01'"
    }

    It 'sends exactly one POST when the service starts the runs and then drops the connection' {
        Set-PostFaults $script:emulator -Kinds 'act-then-drop'
        $posts = (Get-TriggerPosts $script:emulator).Count
        $triggers = (Get-Triggered $script:emulator).Count
        $null = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -ErrorVariable problems -ErrorAction SilentlyContinue
        @(Wait-TriggerPosts $script:emulator -After $posts).Count | Should -Be ($posts + 1)
        (Get-Triggered $script:emulator).Count | Should -Be ($triggers + 1)
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'TriggerOutcomeUnknown,*'
    }

    It 'never resends after a timeout' {
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10 -TimeoutSec 1
        try {
            Set-PostFaults $script:emulator -Kinds 'hang'
            $posts = (Get-TriggerPosts $script:emulator).Count
            $null = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'TriggerOutcomeUnknown,*'
            $problems[0].ErrorDetails.Message | Should -Match 'got no answer within 1 s'
            $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE
            @(Wait-TriggerPosts $script:emulator -After $posts).Count | Should -Be ($posts + 1)
        }
        finally { Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10 }
    }

    It 'reports 400 as RequestRejected, quoting the service, after one POST' {
        Set-PostFaults $script:emulator -Kinds '400'
        $posts = (Get-TriggerPosts $script:emulator).Count
        $null = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -ErrorVariable problems -ErrorAction SilentlyContinue
        (Get-TriggerPosts $script:emulator).Count | Should -Be ($posts + 1)
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'RequestRejected,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].ErrorDetails.Message | Should -Match 'HTTP 400: Bad Request'
    }

    It 'resends when the connection fails before sending, within the retry budget' {
        $port = Get-FreeLoopbackPort
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri "http://127.0.0.1:$port" -RetryDelayMilliseconds 10 -MaxRetries 2
        try {
            $null = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -ErrorVariable problems -ErrorAction SilentlyContinue
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
            $problems[0].Exception.Attempts | Should -Be 3
        }
        finally { Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10 }
    }
}

Describe 'An unusable key' {
    It 'stops the command with a terminating Unauthorized error' {
        Connect-PantoQa -ApiKey 'not-a-key' -BaseUri $script:emulator.Url
        try {
            { 'app_01', 'app_02' | ForEach-Object { [pscustomobject]@{ app_id = $_ } } |
                Start-PantoTestFlow -Name Login -Device 'Pixel 6:14' -ErrorAction SilentlyContinue } |
                Should -Throw -ErrorId 'Unauthorized,*'
        }
        finally { Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10 }
    }
}

Describe 'The trigger id' {
    It 'comes from the response when the service sends one' {
        $emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0', '--trigger-id-in-response'
        try {
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $emulator.Url -RetryDelayMilliseconds 10
            $start = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14'
            $start.trigger_id | Should -Be (Get-Triggered -Emulator $emulator)[-1].trigger_id
        }
        finally {
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
            $emulator | Stop-PantoEmulator
        }
    }

    It 'is read from the first run once it becomes readable, so a wait that follows sees no 404' {
        $emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0', '--new-run-visibility-delay-ms', '1500'
        try {
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $emulator.Url -RetryDelayMilliseconds 10
            $start = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14'
            $start.trigger_id | Should -Be (Get-Triggered -Emulator $emulator)[-1].trigger_id
            $reads = @(Get-EmulatorRequests $emulator | Where-Object raw_target -Like "*/test-run/$($start.test_runs[0])")
            $reads.status | Should -Contain 404
            $reads[-1].status | Should -Be 200
            $result = $start | Wait-PantoTrigger -PollInterval 1 -Timeout 60 -ErrorVariable problems
            $problems.Count | Should -Be 0
            $result.status | Should -Be 'passed'
        }
        finally {
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
            $emulator | Stop-PantoEmulator
        }
    }

    It 'when it cannot be learned, is a TriggerIdUnknown error holding the run ids' {
        # Reading the first run fails with an answer that is not "not yet", so the id cannot be learned.
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; seed = 1; kinds = @('403'); methods = @('GET') }
        try {
            $out = Start-PantoTestFlow app_01 -Name 'Login', 'Search' -Device 'Pixel 6:14' -ErrorVariable problems -ErrorAction SilentlyContinue
        }
        finally { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE }
        $out | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'TriggerIdUnknown,*'
        $problems[0].TargetObject | Should -Be (Get-Triggered $script:emulator)[-1].test_runs
        $problems[0].ErrorDetails.Message | Should -Match 'The trigger started 2 run\(s\)'
        $problems[0].ErrorDetails.Message | Should -Match 'Do not send the trigger again'
        ($problems[0].TargetObject | Get-PantoTestRun).test_run_name | Should -Be @('Login', 'Search')
    }
}

Describe '-TriggerId completion' {
    It 'offers the triggers this runspace started or read, most recent first, quoting only when needed' {
        Add-EmulatorTrigger $script:emulator 'nightly run' 'passed'
        $null = Get-PantoTriggerRuns 'nightly run' -Summary
        $start = Start-PantoTestFlow app_01 -Name Search -Device 'Pixel 6:14'
        foreach ($command in 'Wait-PantoTrigger', 'Get-PantoTriggerRuns') {
            $line = "$command "
            $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
            $completions[0].CompletionText | Should -Be $start.trigger_id
            $completions[1].CompletionText | Should -Be "'nightly run'"
        }
        $line = 'Wait-PantoTrigger -TriggerId nigh'
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completions.CompletionText | Should -Be @("'nightly run'")
    }

    It 'does not offer another runspace''s triggers' {
        $start = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 7:14'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Get-TestModulePath)'; (TabExpansion2 -inputScript 'Wait-PantoTrigger ' -cursorColumn 18).CompletionMatches.CompletionText")
            $offered = @($ps.Invoke())
        }
        finally { $ps.Dispose() }
        $offered | Should -Not -Contain $start.trigger_id
    }
}

Describe '-Wait' {
    It 'starts, waits, and writes only the final result' {
        $out = @(Start-PantoTestFlow app_01 -IncludeTag @{ priority = 'p1' } -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 60)
        $out.Count | Should -Be 1
        $out[0].PSObject.TypeNames | Should -Contain 'PantoQa.TriggerResult'
        $out[0].trigger_id | Should -Be (Get-Triggered $script:emulator)[-1].trigger_id
        $out[0].status | Should -Be 'partially_passed'
        $out[0].total | Should -Be 2
        $out[0].in_process | Should -Be 0
    }

    It 'with -ErrorOnFailure writes TriggerFailed for a trigger that did not pass, after its result' {
        $out = Start-PantoTestSuite app_01 -IncludeTag @{ type = 'release' } -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 60 -ErrorOnFailure -ErrorVariable problems -ErrorAction SilentlyContinue
        $out.status | Should -Be 'failed'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'TriggerFailed,*'
        $problems[0].TargetObject.trigger_id | Should -Be $out.trigger_id
    }

    It 'fails a CI step under $ErrorActionPreference Stop' {
        $ErrorActionPreference = 'Stop'
        { Start-PantoTestFlow app_01 -Name 'Checkout regression' -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 60 -ErrorOnFailure } |
            Should -Throw -ErrorId 'TriggerFailed,*'
    }

    It 'waits for every trigger the command started, one result each' {
        $requests = 'app_01', 'app_02', 'app_01' | ForEach-Object { [pscustomobject]@{ app_id = $_ } }
        $out = @($requests | Start-PantoTestFlow -Name Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 60)
        $out.Count | Should -Be 2
        $out.status | Should -Be @('passed', 'passed')
        ($out.test_runs.build_file_id | Sort-Object) | Should -Be @('app_01', 'app_02')
    }

    It 'ends with WaitTimeout after -Timeout' {
        $out = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 1 -ErrorVariable problems -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
    }

    It 'with -WhatIf sends nothing and writes nothing' {
        $before = (Get-EmulatorRequests $script:emulator).Count
        Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Wait -WhatIf | Should -BeNullOrEmpty
        (Get-EmulatorRequests $script:emulator).Count | Should -Be $before
    }

    It 'refuses -<Name> without -Wait before sending anything' -TestCases @(
        @{ Name = 'Timeout'; Value = 5 }, @{ Name = 'PollInterval'; Value = 5 }, @{ Name = 'MaxPollFailures'; Value = 2 },
        @{ Name = 'ThrottleLimit'; Value = 2 }, @{ Name = 'ErrorOnFailure'; Value = $true }
    ) {
        $before = (Get-EmulatorRequests $script:emulator).Count
        $extra = @{ $Name = $Value }
        { Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' @extra } | Should -Throw -ErrorId 'WaitParameterWithoutWait,*' -ExpectedMessage "*-$Name*-Wait*"
        (Get-EmulatorRequests $script:emulator).Count | Should -Be $before
    }

    It 'passes -MaxPollFailures on: the wait ends after that many failed polls' {
        $emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0', '--trigger-id-in-response'
        try {
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $emulator.Url -RetryDelayMilliseconds 10 -MaxRetries 0
            # Every read fails; the trigger id comes from the response, so only the wait is affected.
            $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; seed = 1; kinds = @('503'); methods = @('GET') }
            $out = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -MaxPollFailures 2 -Timeout 60 -ErrorVariable problems -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $problems[-1].FullyQualifiedErrorId | Should -BeLike 'ServiceUnavailable,*'
            $problems[-1].ErrorDetails.Message | Should -Match 'ended after 2 failed polls in a row'
            $polls = @(Get-EmulatorRequests $emulator | Where-Object raw_target -Like '*/test-runs-by-trigger/*')
            $polls.Count | Should -Be 2
        }
        finally {
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
            $emulator | Stop-PantoEmulator
        }
    }
}

Describe 'Stopping' {
    It 'returns within a second while waiting for a new run to become readable, and sends nothing after' -Tag 'RealTime' {
        $emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0', '--new-run-visibility-delay-ms', '60000'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Get-TestModulePath)'; Connect-PantoQa -ApiKey '$(Get-EmulatorKey)' -BaseUri '$($emulator.Url)'").Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddScript("Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14'")
            $async = $ps.BeginInvoke()
            # Stop once the trigger has been made and the cmdlet is polling for its first run.
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (@(Get-TriggerPosts -Emulator $emulator).Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Milliseconds 700
            $async.IsCompleted | Should -BeFalse
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1.5
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $sent = @(Get-EmulatorRequests $emulator).Count
            Start-Sleep -Seconds 1
            @(Get-EmulatorRequests $emulator).Count | Should -Be $sent
            @(Get-TriggerPosts -Emulator $emulator).Count | Should -Be 1
        }
        finally {
            $ps.Dispose()
            $emulator | Stop-PantoEmulator
        }
    }
}
