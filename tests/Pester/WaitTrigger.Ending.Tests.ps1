# Every wait ends: against a service that fails for good (an HTML sign-in page, 503, dropped
# connections, a closed port) Wait-PantoTrigger warns once per failing streak and gives up on a
# trigger after -MaxPollFailures failed polls in a row, with the error the Get cmdlets give.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'LoopbackProxy.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    # One emulator per fault kind, since faults apply to every /api request of an emulator.
    $script:failing = @{}
    foreach ($kind in 'html', '503', 'drop') {
        $script:failing[$kind] = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
        $null = Invoke-Emulator -Emulator $script:failing[$kind] -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; kinds = @($kind) }
    }
    $script:plain = Start-TestEmulator -Arguments '--big-trigger-runs', '0'

    # A port that was free a moment ago and has no listener now: connections are refused.
    $probe = New-Object Net.Sockets.TcpListener ([Net.IPAddress]::Loopback), 0
    $probe.Start()
    $script:closedUrl = "http://127.0.0.1:$(([Net.IPEndPoint]$probe.LocalEndpoint).Port)"
    $probe.Stop()

    # Each wait of the measurement runs in a runspace of its own, all at once, so the default
    # 10 s interval costs its 40-odd seconds once, not eight times; other tests run meanwhile.
    $script:cases = @(
        foreach ($kind in 'html', '503', 'drop', 'closed-port') {
            $url = if ($kind -eq 'closed-port') { $script:closedUrl } else { $script:failing[$kind].Url }
            @{ Kind = $kind; Url = $url; Settings = 'default'; Trigger = 't1'; Parameters = @{} }
            @{ Kind = $kind; Url = $url; Settings = '-PollInterval 1'; Trigger = 't2'; Parameters = @{ PollInterval = 1 } }
        }
    )
    $script:running = foreach ($case in $script:cases) {
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
                param($Module, $Key, $Url, $Trigger, $Parameters)
                Import-Module $Module
                Connect-PantoQa -ApiKey $Key -BaseUri $Url
                $clock = [Diagnostics.Stopwatch]::StartNew()
                $output = @(Wait-PantoTrigger $Trigger @Parameters)
                [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Output = $output.Count }
            }).AddArgument((Get-TestModulePath)).AddArgument((Get-EmulatorKey)).AddArgument($case.Url).AddArgument($case.Trigger).AddArgument($case.Parameters)
        [pscustomobject]@{ Case = $case; PowerShell = $ps; Handle = $ps.BeginInvoke() }
    }
}

AfterAll {
    foreach ($run in @($script:running)) { $run.PowerShell.Dispose() }
    Disconnect-PantoQa
    @($script:failing.Values) + $script:plain | Stop-PantoEmulator
}

Describe 'Wait-PantoTrigger against a failing service' -Tag 'Reliability' {
    It 'refuses -MaxPollFailures 0: every wait must be able to end' {
        { Wait-PantoTrigger t1 -MaxPollFailures 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'accepts the largest -Timeout its validation allows' {
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:plain.Url
        $result = Wait-PantoTrigger t1 -Timeout 2147483647 -PollInterval 1 -ErrorAction Stop
        $result.status | Should -Be 'partially_passed'
    }

    It 'warns when polls start failing and again when they recover, once per streak, and the wait goes on' {
        $null = Invoke-Emulator -Emulator $script:plain -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; kinds = @('html') }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Get-TestModulePath)'; Connect-PantoQa -ApiKey '$(Get-EmulatorKey)' -BaseUri '$($script:plain.Url)'; Wait-PantoTrigger t1 -PollInterval 1 -MaxPollFailures 100")
            $handle = $ps.BeginInvoke()
            # Three failed polls (counted by the emulator, so a slow start cannot skip them),
            # then the service is healthy again.
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((Invoke-Emulator -Emulator $script:plain -Path '/_emulator/stats').faults_injected -lt 3 -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            $null = Invoke-Emulator -Emulator $script:plain -Path '/_emulator/faults' -Method DELETE
            $handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30)) | Should -BeTrue
            $output = @($ps.EndInvoke($handle))
        }
        finally {
            $null = Invoke-Emulator -Emulator $script:plain -Path '/_emulator/faults' -Method DELETE
            $ps.Dispose()
        }
        $output.trigger_id | Should -Be 't1'
        @($ps.Streams.Error).Count | Should -Be 0
        $warnings = @($ps.Streams.Warning | ForEach-Object { $_.Message })
        $warnings.Count | Should -Be 2 -Because ($warnings -join [Environment]::NewLine)
        $warnings[0] | Should -Match "trigger 't1' are failing: .*text/html.*Polling again in \d+ s, at \d\d:\d\d:\d\d UTC"
        $warnings[1] | Should -Match "trigger 't1' succeed again after \d+ failed in a row"
    }

    It 'counts failures in a row only: a successful poll resets the count' {
        # Every other poll meets a proxy's sign-in page, so two in a row never fail.
        Add-EmulatorTrigger $script:plain 'end-alternating' 'in_process:8,passed'
        $proxy = Start-LoopbackProxy
        try {
            $proxy.SignInPageFor = 'end-alternating'
            $proxy.SignInEvery = 2
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:plain.Url -Proxy $proxy.Url
            $result = Wait-PantoTrigger end-alternating -PollInterval 1 -MaxPollFailures 2 -ErrorVariable problems -WarningVariable warned -WarningAction SilentlyContinue
        }
        finally { $proxy.Dispose() }
        $problems.Count | Should -Be 0
        $result.status | Should -Be 'passed'
        @($warned | Where-Object { "$_" -like '*are failing*' }).Count | Should -BeGreaterThan 1
    }

    It 'ends only the failing trigger; the others go on to their result' -Tag 'RealTime' {
        Add-EmulatorTrigger $script:plain 'end-broken' 'in_process'
        Add-EmulatorTrigger $script:plain 'end-late' 'in_process:3,passed'
        $proxy = Start-LoopbackProxy
        try {
            $proxy.SignInPageFor = 'end-broken'
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:plain.Url -Proxy $proxy.Url
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $results = @(Wait-PantoTrigger end-broken, end-late -PollInterval 1 -MaxPollFailures 2 -ErrorVariable problems -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue)
            $seconds = $clock.Elapsed.TotalSeconds
        }
        finally { $proxy.Dispose() }
        $results.trigger_id | Should -Be 'end-late'
        $results[0].status | Should -Be 'passed'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $problems[0].TargetObject | Should -Be 'end-broken'
        "$($problems[0])" | Should -Match "ended after 2 failed polls in a row.*-MaxPollFailures"
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -Match "end-broken"
        $seconds | Should -BeGreaterThan 2
    }
}

Describe 'How long a wait takes to end against a service that fails for good' -Tag 'Reliability' {
    BeforeAll {
        foreach ($run in $script:running) {
            $run.Handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(240)) | Should -BeTrue -Because "$($run.Case.Kind) $($run.Case.Settings) must end"
            $run | Add-Member -NotePropertyName Result -NotePropertyValue @($run.PowerShell.EndInvoke($run.Handle))[0]
        }
    }

    It '<Kind> at <Settings>: one warning, then <ErrorId> after 5 failed polls' -Tag 'RealTime' -TestCases @(
        @{ Kind = 'html'; Settings = 'default'; ErrorId = 'InvalidResponse'; Category = 'InvalidResult'; Attempts = 1 }
        @{ Kind = 'html'; Settings = '-PollInterval 1'; ErrorId = 'InvalidResponse'; Category = 'InvalidResult'; Attempts = 1 }
        @{ Kind = '503'; Settings = 'default'; ErrorId = 'ServiceUnavailable'; Category = 'ConnectionError'; Attempts = 4 }
        @{ Kind = '503'; Settings = '-PollInterval 1'; ErrorId = 'ServiceUnavailable'; Category = 'ConnectionError'; Attempts = 4 }
        @{ Kind = 'drop'; Settings = 'default'; ErrorId = 'ConnectionFailed'; Category = 'ConnectionError'; Attempts = 4 }
        @{ Kind = 'drop'; Settings = '-PollInterval 1'; ErrorId = 'ConnectionFailed'; Category = 'ConnectionError'; Attempts = 4 }
        @{ Kind = 'closed-port'; Settings = 'default'; ErrorId = 'ConnectionFailed'; Category = 'ConnectionError'; Attempts = 4 }
        @{ Kind = 'closed-port'; Settings = '-PollInterval 1'; ErrorId = 'ConnectionFailed'; Category = 'ConnectionError'; Attempts = 4 }
    ) {
        $run = $script:running | Where-Object { $_.Case.Kind -eq $Kind -and $_.Case.Settings -eq $Settings }
        $trigger = $run.Case.Trigger
        $errors = @($run.PowerShell.Streams.Error)
        $warnings = @($run.PowerShell.Streams.Warning | ForEach-Object { $_.Message })

        $run.Result.Output | Should -Be 0
        $errors.Count | Should -Be 1 -Because ($errors -join '; ')
        $errors[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $errors[0].CategoryInfo.Category | Should -Be $Category
        $errors[0].TargetObject | Should -Be $trigger
        "$($errors[0])" | Should -Match "The wait for trigger '$trigger' ended after 5 failed polls in a row"
        $warnings.Count | Should -Be 1 -Because ($warnings -join [Environment]::NewLine)
        $warnings[0] | Should -Match "trigger '$trigger' are failing: .* Polling again in \d+ s, at \d\d:\d\d:\d\d UTC"

        # Five polls, each after its own retries (3 by default), and the interval between them.
        if ($Kind -ne 'closed-port') {
            $sent = @(Get-EmulatorRequests $script:failing[$Kind] | Where-Object raw_target -EQ "/api/v1/qa/external/test-runs-by-trigger/$trigger")
            $sent.Count | Should -Be (5 * $Attempts)
        }
        $interval = if ($Settings -eq 'default') { 10 } else { 1 }
        $run.Result.Seconds | Should -BeGreaterThan (4 * $interval * 0.9)
        $run.Result.Seconds | Should -BeLessThan (4 * $interval + 5 * 10)
        Write-Host ('FIGURE wait-ends {0} at {1}: {2} after {3:0.0} s' -f $Kind, $Settings, $ErrorId, $run.Result.Seconds)
    }
}
