# The CI gate's promise, end to end: -ErrorOnFailure is green only when every trigger was read to
# a final, passed status; a trigger POST is never sent twice where the service may have acted;
# every wait ends; every trigger a command started is named in the log. The steps run as CI runs
# them where that matters: a fresh non-interactive PowerShell whose output goes to a file.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'Every started trigger is named in the log' {
    AfterEach { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE }

    It 'names each trigger on the host as it starts, with and without -Wait, and -InformationAction Ignore silences it' {
        $null = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -InformationVariable said
        $id = (Get-Triggered $script:emulator)[-1].trigger_id
        @($said | Where-Object { $_.Tags -contains 'PSHOST' }).MessageData.Message | Should -Be "Started trigger '$id': 1 run(s) of the test flows of build 'app_01'."

        $null = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 60 -InformationVariable waited
        "$($waited.MessageData)" | Should -BeLike "*Started trigger '$((Get-Triggered $script:emulator)[-1].trigger_id)'*"

        $quiet = @(Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -InformationAction Ignore 6>&1)
        $quiet.Count | Should -Be 1
        $quiet[0].PSObject.TypeNames | Should -Contain 'PantoQa.TriggerStart'
    }

    It 'names the started trigger in a warning when a later item ends the step (<Why>)' -TestCases @(
        @{ Why = 'BuildNotFound under Stop'; Items = "'app_01', 'no_such_build'"; Feed = '' }
        @{ Why = 'an expired key'; Items = "'app_01', 'app_02'"; Feed = "if (`$_ -eq 'app_02') { `$null = Invoke-RestMethod -Method Post -Uri 'EMULATOR/_emulator/clock' -ContentType 'application/json' -Body '{`"advance_seconds`":7200}' }" }
    ) {
        $key = 'gate-key-' + [guid]::NewGuid().ToString('N')
        $now = [DateTimeOffset]::Parse((Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/clock').now, [Globalization.CultureInfo]::InvariantCulture)
        $expires = $now.AddHours(1).ToString('o')
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/runs' -Method POST -Body @{ api_keys = @(@{ key = $key; expires_at = $expires }) }
        $before = (Get-Triggered $script:emulator).Count
        $feeding = $Feed.Replace('EMULATOR', $script:emulator.Url)
        $step = Invoke-ConnectedStep $script:emulator "Connect-PantoQa -ApiKey '$key' -BaseUri '$($script:emulator.Url)' -MaxRetries 0`n$Items | ForEach-Object { $feeding; [pscustomobject]@{ app_id = `$_ } } | Start-PantoTestFlow -Name Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 60 -ErrorOnFailure"
        $step.ExitCode | Should -Not -Be 0
        $started = @(Get-Triggered $script:emulator | Select-Object -Skip $before)
        $started.Count | Should -Be 1
        $log = $step.Output -join "`n"
        $log | Should -Match "Started trigger '$($started[0].trigger_id)'"
        $log | Should -Match "WARNING: Start-PantoTestFlow ended before its work was done\. Started and not waited for to the end: '$($started[0].trigger_id)'"
    }

    It 'names the triggers not waited for when Select-Object -First ends the pipeline' {
        $before = (Get-Triggered $script:emulator).Count
        $step = Invoke-ConnectedStep $script:emulator "'app_01', 'app_02' | ForEach-Object { [pscustomobject]@{ app_id = `$_ } } | Start-PantoTestFlow -IncludeTag @{ priority = 'p1' } -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 60 | Select-Object -First 1 | ForEach-Object { 'FIRST ' + `$_.trigger_id }"
        $step.ExitCode | Should -Be 0
        $started = @(Get-Triggered $script:emulator | Select-Object -Skip $before)
        $started.Count | Should -Be 2
        $first = ($step.Output | Where-Object { $_ -like 'FIRST *' }) -replace '^FIRST '
        $other = @($started.trigger_id | Where-Object { $_ -ne $first })
        $other.Count | Should -Be 1
        ($step.Output -join "`n") | Should -Match "Started and not waited for to the end: '$($other[0])'"
    }

    # Skipped off Linux: Ctrl+C is sent as SIGINT, which Windows does not have, and the step is
    # started through GNU env to undo an inherited SIG_IGN.
    # PS7-only: $IsLinux
    It 'names the trigger it was waiting for when stopped by Ctrl+C' -Skip:($PSEdition -eq 'Desktop' -or -not $IsLinux) {
        # The wait goes on until the signal comes: the trigger serves in_process for good.
        Set-TriggerSettings $script:emulator @{ aggregate_status = 'in_process' }
        $step = Invoke-ConnectedStep $script:emulator "Start-PantoTestFlow app_01 -IncludeTag @{ priority = 'p1' } -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 120" -Background -Interruptible
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not ((Test-Path "$($step.Base).out") -and (Get-Content "$($step.Base).out" -Raw) -match "Started trigger '([^']+)'") -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $id = $Matches[1]
            $id | Should -Not -BeNullOrEmpty
            # What Ctrl+C sends on Unix; the only signal PowerShell turns into a stop.
            & /bin/kill -INT $step.Process.Id
            $step.Process.WaitForExit(20000) | Should -BeTrue
            $done = Complete-CiStep $step
            ($done.Output -join "`n") | Should -Match "Started and not waited for to the end: '$id'"
        }
        finally {
            if (-not $step.Process.HasExited) { $step.Process.Kill() }
            Set-TriggerSettings $script:emulator
        }
    }
}

Describe 'One POST where the service may have acted' {
    AfterEach { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE }

    It 'does not follow a <Status> after a POST: one POST, TriggerOutcomeUnknown, and the runs it started are not denied' -TestCases @(
        @{ Status = 301 }, @{ Status = 302 }, @{ Status = 303 }
    ) {
        Set-PostFaults $script:emulator "redirect-$Status" -Max 1
        $posts = (Get-TriggerPosts $script:emulator).Count
        $before = (Get-Triggered $script:emulator).Count
        $null = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -ErrorVariable problems -ErrorAction SilentlyContinue
        (Get-TriggerPosts $script:emulator).Count | Should -Be ($posts + 1)
        @(Get-Triggered $script:emulator).Count | Should -Be ($before + 1)
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'TriggerOutcomeUnknown,*'
        $problems[0].ErrorDetails.Message | Should -Not -Match 'No runs were started'
    }

    It 'follows a <Status>, which says the service did not act: two POSTs, one trigger' -TestCases @(
        @{ Status = 307 }, @{ Status = 308 }
    ) {
        Set-PostFaults $script:emulator "redirect-$Status" -Max 1
        $posts = (Get-TriggerPosts $script:emulator).Count
        $before = (Get-Triggered $script:emulator).Count
        $out = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14'
        (Get-TriggerPosts $script:emulator).Count | Should -Be ($posts + 2)
        @(Get-Triggered $script:emulator).Count | Should -Be ($before + 1)
        $out.trigger_id | Should -Be (Get-Triggered $script:emulator)[-1].trigger_id
    }

    It 'sends a request again in the same call after a refusal the service did not act on, but not after an unknown outcome' {
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10 -MaxRetries 0
        try {
            Set-PostFaults $script:emulator '503' -Max 1
            $posts = (Get-TriggerPosts $script:emulator).Count
            $out = @('app_01', 'app_01' | ForEach-Object { [pscustomobject]@{ app_id = $_ } } |
                Start-PantoTestFlow -Name Login -Device 'Pixel 6:14' -ErrorVariable refused -ErrorAction SilentlyContinue)
            (Get-TriggerPosts $script:emulator).Count | Should -Be ($posts + 2)
            $refused[0].FullyQualifiedErrorId | Should -BeLike 'ServiceUnavailable,*'
            $out.Count | Should -Be 1

            Set-PostFaults $script:emulator '500' -Max 1
            $posts = (Get-TriggerPosts $script:emulator).Count
            $out = @('app_01', 'app_01' | ForEach-Object { [pscustomobject]@{ app_id = $_ } } |
                Start-PantoTestFlow -Name Login -Device 'Pixel 6:14' -ErrorVariable unknown -ErrorAction SilentlyContinue)
            (Get-TriggerPosts $script:emulator).Count | Should -Be ($posts + 1)
            $unknown[0].FullyQualifiedErrorId | Should -BeLike 'TriggerOutcomeUnknown,*'
            $out.Count | Should -Be 0
        }
        finally { Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10 }
    }
}

Describe 'A learned trigger id is checked like user input' {
    AfterEach { Set-TriggerSettings $script:emulator }

    It 'is TriggerIdUnknown naming the runs when the new runs carry a <What> trigger id, and the step is red' -TestCases @(
        @{ What = 'blank'; Id = '  '; InResponse = $false }
        @{ What = 'empty'; Id = ''; InResponse = $false }
        @{ What = 'blank response'; Id = ' '; InResponse = $true }
    ) {
        Set-TriggerSettings $script:emulator @{ run_trigger_id = $Id; id_in_response = $InResponse }
        $before = (Get-Triggered $script:emulator).Count
        $step = Invoke-ConnectedStep $script:emulator "Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 30 -ErrorOnFailure"
        $step.ExitCode | Should -Not -Be 0
        $started = @(Get-Triggered $script:emulator | Select-Object -Skip $before)
        $started.Count | Should -Be 1
        $log = $step.Output -join "`n"
        $log | Should -Match 'TriggerIdUnknown|trigger id is not known'
        $log | Should -Match ([regex]::Escape($started[0].test_runs[0]))
    }
}

Describe 'Every wait ends on any aggregate' {
    AfterEach { Set-TriggerSettings $script:emulator }

    It 'ends on <Served>: final, <Verdict>, with <Warnings> warning(s)' -Tag 'RealTime' -TestCases @(
        @{ Served = 'cancelled'; Verdict = 'not passed'; Warnings = 1 }
        @{ Served = 'Passed'; Verdict = 'passed'; Warnings = 0 }
        @{ Served = 'FAILED'; Verdict = 'not passed'; Warnings = 0 }
        @{ Served = 'weird'; Verdict = 'not passed'; Warnings = 1 }
    ) {
        Set-TriggerSettings $script:emulator @{ aggregate_status = $Served }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $out = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 60 -ErrorOnFailure -ErrorVariable problems -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 30
        $out.status | Should -BeExactly $Served
        @($warned).Count | Should -Be $Warnings
        if ($Warnings) { "$($warned[0])" | Should -Match "status '$Served', which this version of PantoQa does not know" }
        if ($Verdict -eq 'passed') { $problems | Should -BeNullOrEmpty }
        else { $problems[0].FullyQualifiedErrorId | Should -BeLike 'TriggerFailed,*' }
    }

    It 'keeps waiting on in_process in another case, until -Timeout' {
        Set-TriggerSettings $script:emulator @{ aggregate_status = 'IN_PROCESS' }
        $null = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 2 -ErrorOnFailure -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
    }
}

Describe 'Waiting parameters' {
    It 'set in $PSDefaultParameterValues, do not break a Start-* call without -Wait' {
        $PSDefaultParameterValues['Start-Panto*:Timeout'] = 600
        $PSDefaultParameterValues['*:PollInterval'] = 2
        try {
            $out = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14'
            $out.PSObject.TypeNames | Should -Contain 'PantoQa.TriggerStart'
            { Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Timeout 5 } | Should -Throw -ErrorId 'WaitParameterWithoutWait,*'
        }
        finally {
            $PSDefaultParameterValues.Remove('Start-Panto*:Timeout')
            $PSDefaultParameterValues.Remove('*:PollInterval')
        }
    }
}
