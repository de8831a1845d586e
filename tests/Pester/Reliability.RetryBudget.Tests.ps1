# The retry budget: transient failures get exactly MaxRetries retries within a time bound that
# follows from the settings; answers (400, 401, 403, 404) get none; a Retry-After is honoured
# only up to MaxRetryDelaySec, so no server can park a CI job.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'

    function Set-Faults([string[]] $Kinds, [string] $RetryAfter = '1', [double] $Rate = 1.0) {
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = $Rate; seed = 5; kinds = $Kinds; retry_after = $RetryAfter }
    }

    function Get-ApiRequestCount {
        # A hung or dropped request reaches the log when it ends, a moment after the client gave up.
        Start-Sleep -Milliseconds 300
        @(Get-EmulatorRequests $script:emulator).Count
    }

    function Measure-Call([string] $Command, [string] $Id) {
        $problems = $null
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $null = & $Command $Id -ErrorVariable problems -ErrorAction SilentlyContinue
        [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Errors = @($problems) }
    }
}

AfterAll {
    Disconnect-PantoQa
    $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE
    $script:emulator | Stop-PantoEmulator
}

Describe 'A transient failure that never clears' -Tag 'Reliability' {
    AfterEach { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE }

    It 'ends with <ErrorId> after exactly MaxRetries + 1 attempts, within the bound the settings give (<Kind>, <Command>)' -Tag 'RealTime' -TestCases @(
        @{ Kind = '503'; ErrorId = 'ServiceUnavailable'; Category = 'ConnectionError'; Command = 'Get-PantoTestRun'; Id = 'r1' }
        @{ Kind = '500'; ErrorId = 'ServiceUnavailable'; Category = 'ConnectionError'; Command = 'Get-PantoTriggerRuns'; Id = 't1' }
        @{ Kind = 'drop'; ErrorId = 'ConnectionFailed'; Category = 'ConnectionError'; Command = 'Get-PantoTestRun'; Id = 'r1' }
        @{ Kind = 'hang'; ErrorId = 'RequestTimeout'; Category = 'OperationTimeout'; Command = 'Get-PantoTriggerRuns'; Id = 't1' }
    ) {
        $maxRetries = 4; $timeoutSec = 1; $maxRetryDelaySec = 1
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -MaxRetries $maxRetries -TimeoutSec $timeoutSec -RetryDelayMilliseconds 200 -MaxRetryDelaySec $maxRetryDelaySec
        Set-Faults $Kind

        $call = Measure-Call $Command $Id

        # Every attempt ends by its timeout at the latest; every wait between them is capped.
        $bound = ($maxRetries + 1) * $timeoutSec + $maxRetries * $maxRetryDelaySec
        $call.Errors.Count | Should -Be 1
        $call.Errors[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $call.Errors[0].CategoryInfo.Category | Should -Be $Category
        $call.Errors[0].Exception.Attempts | Should -Be ($maxRetries + 1)
        $call.Errors[0].ToString() | Should -Match "$($maxRetries + 1) attempt"
        Get-ApiRequestCount | Should -Be ($maxRetries + 1)
        $call.Seconds | Should -BeLessThan ($bound + 2)
        Write-Host ('FIGURE retry-budget {0} {1}: {2} requests for MaxRetries {3}, {4:0.00} s against a bound of {5} s' -f
            $Kind, $Command, ($maxRetries + 1), $maxRetries, $call.Seconds, $bound)
    }
}

Describe 'Answers that are never retried' -Tag 'Reliability' {
    BeforeEach {
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -MaxRetries 5 -RetryDelayMilliseconds 10
    }

    AfterEach { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE }

    It '<Status> from <Command> is one request and a <Category> error' -TestCases @(
        @{ Status = 400; Command = 'Get-PantoTestRun'; Id = 'r1'; Category = 'InvalidArgument'; ErrorId = 'RequestRejected' }
        @{ Status = 400; Command = 'Get-PantoTriggerRuns'; Id = 't1'; Category = 'InvalidArgument'; ErrorId = 'RequestRejected' }
        @{ Status = 400; Command = 'Wait-PantoTrigger'; Id = 't1'; Category = 'InvalidArgument'; ErrorId = 'RequestRejected' }
        @{ Status = 403; Command = 'Get-PantoTestRun'; Id = 'r1'; Category = 'PermissionDenied'; ErrorId = 'Forbidden' }
        @{ Status = 403; Command = 'Get-PantoTriggerRuns'; Id = 't1'; Category = 'PermissionDenied'; ErrorId = 'Forbidden' }
        @{ Status = 403; Command = 'Wait-PantoTrigger'; Id = 't1'; Category = 'PermissionDenied'; ErrorId = 'Forbidden' }
        @{ Status = 404; Command = 'Get-PantoTestRun'; Id = 'no-such-run'; Category = 'ObjectNotFound'; ErrorId = 'TestRunNotFound' }
        @{ Status = 404; Command = 'Get-PantoTriggerRuns'; Id = 'no-such-trigger'; Category = 'ObjectNotFound'; ErrorId = 'TriggerNotFound' }
        @{ Status = 404; Command = 'Wait-PantoTrigger'; Id = 'no-such-trigger'; Category = 'ObjectNotFound'; ErrorId = 'TriggerNotFound' }
    ) {
        if ($Status -in 400, 403) { Set-Faults "$Status" }
        else { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST }

        $problems = $null
        $null = & $Command $Id -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $problems[0].CategoryInfo.Category | Should -Be $Category
        $requests = @(Get-EmulatorRequests $script:emulator)
        $requests.Count | Should -Be 1
        $requests[0].status | Should -Be $Status
    }

    It '401 from <Command> is one request and a terminating AuthenticationError' -TestCases @(
        @{ Command = 'Get-PantoTestRun'; Id = 'r1' }, @{ Command = 'Get-PantoTriggerRuns'; Id = 't1' }, @{ Command = 'Wait-PantoTrigger'; Id = 't1' }
    ) {
        Connect-PantoQa -ApiKey 'expired-key' -BaseUri $script:emulator.Url -MaxRetries 5 -RetryDelayMilliseconds 10
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST

        { & $Command $Id -ErrorAction Continue } | Should -Throw -ErrorId 'Unauthorized,*'

        $requests = @(Get-EmulatorRequests $script:emulator)
        $requests.Count | Should -Be 1
        $requests[0].status | Should -Be 401
    }
}

Describe 'Retry-After' -Tag 'Reliability' {
    AfterEach { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE }

    It 'is honoured: with Retry-After 1 the attempts are about a second apart' -Tag 'RealTime' {
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -MaxRetries 2 -RetryDelayMilliseconds 10 -MaxRetryDelaySec 5
        Set-Faults '429' -RetryAfter '1'

        $call = Measure-Call Get-PantoTestRun r1

        $call.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ServiceUnavailable,*'
        Get-ApiRequestCount | Should -Be 3
        # Backoff alone (10 ms, then about 20 ms) would be done in well under a second.
        $call.Seconds | Should -BeGreaterThan 1.8
        $call.Seconds | Should -BeLessThan 5
        Write-Host ('FIGURE retry-after-1: 3 attempts with Retry-After 1 took {0:0.00} s' -f $call.Seconds)
    }

    It 'of 86400 s is capped at MaxRetryDelaySec: <Command> ends in about MaxRetries x MaxRetryDelaySec' -Tag 'RealTime' -TestCases @(
        @{ Command = 'Get-PantoTestRun'; Id = 'r1' }, @{ Command = 'Get-PantoTriggerRuns'; Id = 't1' }
    ) {
        $maxRetries = 3; $maxRetryDelaySec = 1
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -MaxRetries $maxRetries -RetryDelayMilliseconds 10 -MaxRetryDelaySec $maxRetryDelaySec
        Set-Faults '429' -RetryAfter '86400'

        $call = Measure-Call $Command $Id

        $call.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ServiceUnavailable,*'
        $call.Errors[0].Exception.RetryAfter | Should -Be ([timespan]::FromSeconds($maxRetryDelaySec))
        Get-ApiRequestCount | Should -Be ($maxRetries + 1)
        $call.Seconds | Should -BeLessThan ($maxRetries * $maxRetryDelaySec + 2)
        Write-Host ('FIGURE retry-after-86400 {0}: {1} attempts, ended in {2:0.00} s (cap {3} s x {4} retries)' -f
            $Command, ($maxRetries + 1), $call.Seconds, $maxRetryDelaySec, $maxRetries)
    }

    It 'of 86400 s does not stretch the sleep between polls of Wait-PantoTrigger beyond MaxRetryDelaySec' -Tag 'RealTime' {
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -MaxRetries 0 -MaxRetryDelaySec 1
        Add-EmulatorTrigger $script:emulator 'retry-after-wait' 'in_process:2,passed'
        Set-Faults '429' -RetryAfter '86400' -Rate 0.5

        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Wait-PantoTrigger retry-after-wait -PollInterval 1 -Timeout 15 -ErrorAction SilentlyContinue
        $seconds = $clock.Elapsed.TotalSeconds

        $result.status | Should -Be 'passed'
        $seconds | Should -BeLessThan 10
        Write-Host ('FIGURE retry-after-86400 Wait-PantoTrigger: a trigger final after 2 s was returned after {0:0.00} s' -f $seconds)
    }

    It 'defaults to a cap of 30 s' {
        (Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -PassThru).MaxRetryDelaySec | Should -Be 30
    }
}
