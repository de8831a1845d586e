# Export-PantoTestReport -ErrorOnFailure: one CI step writes its JUnit and Markdown reports
# whole, then fails when what it reported did not all pass. The steps run as CI runs them: a
# fresh non-interactive PowerShell, its output sent to a file, ending as GitHub's pwsh shell
# ends a step.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10

    function New-ReportFolder {
        $folder = Join-Path ([IO.Path]::GetTempPath()) ('panto-gate-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        $folder
    }

    # The JUnit file parses, and its counts are those of the runs it reports.
    function Get-JUnitCounts([string] $Path) {
        [xml] $document = Get-Content -Raw $Path
        $cases = @($document.SelectNodes('//testcase'))
        [pscustomobject]@{
            Cases    = $cases.Count
            Failures = @($document.SelectNodes('//testcase[failure or error]')).Count
            Names    = @($cases | ForEach-Object { $_.GetAttribute('name') })
        }
    }
}

AfterAll {
    $script:emulator | Stop-PantoEmulator
}

Describe 'A CI step that starts, waits, reports and gates in one pipeline' {
    It 'writes both reports whole and is red when a run failed, with $ErrorActionPreference <Preference>' -TestCases @(
        @{ Preference = 'Stop' }
        @{ Preference = 'Continue' }
    ) {
        $folder = New-ReportFolder
        try {
            $junit = Join-Path $folder 'junit.xml'
            $summary = Join-Path $folder 'summary.md'
            $step = Invoke-ConnectedStep $script:emulator -Preference $Preference "Start-PantoTestFlow app_01 -Name 'Checkout regression', Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 120 |`n  Export-PantoTestReport -JUnitPath '$junit' -MarkdownPath '$summary' -ErrorOnFailure`n'AFTER THE GATE'"
            $step.ExitCode | Should -Not -Be 0
            $log = $step.Output -join "`n"
            $log | Should -Match "did not pass"
            # The error view wraps the message at the log's width, so its parts are matched one by one.
            $log | Should -Match 'Checkout regression on'
            $log | Should -Match 'Assertion failed on checkout button'
            # Stop ends the step at the gate; without it the step goes on, and still ends red.
            if ($Preference -eq 'Stop') { $log | Should -Not -Match 'AFTER THE GATE' } else { $log | Should -Match 'AFTER THE GATE' }

            $counts = Get-JUnitCounts $junit
            $counts.Cases | Should -Be 2
            $counts.Failures | Should -Be 1
            $counts.Names | Should -Contain 'Checkout regression (pixel 6 14)'
            $markdown = Get-Content -Raw $summary
            $markdown | Should -Match 'Checkout regression'
            $markdown | Should -Match 'Assertion failed on checkout button'
        }
        finally {
            Remove-Item $folder -Recurse -Force
        }
    }

    It 'is green, and leaves $LASTEXITCODE alone, when every run passed' {
        $folder = New-ReportFolder
        try {
            $junit = Join-Path $folder 'junit.xml'
            $step = Invoke-ConnectedStep $script:emulator "Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 120 |`n  Export-PantoTestReport -JUnitPath '$junit' -ErrorOnFailure`n'LASTEXITCODE SET: ' + (Test-Path variable:\LASTEXITCODE)"
            $step.Output | Should -Contain 'LASTEXITCODE SET: False'
            $step.ExitCode | Should -Be 0
            (Get-JUnitCounts $junit).Cases | Should -Be 1
            (Get-JUnitCounts $junit).Failures | Should -Be 0
        }
        finally {
            Remove-Item $folder -Recurse -Force
        }
    }

    It 'makes Start-* -Wait -ErrorOnFailure red without Stop too' {
        $step = Invoke-ConnectedStep $script:emulator -Preference Continue "Start-PantoTestFlow app_01 -Name 'Checkout regression' -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 120 -ErrorOnFailure | Out-Null`n'AFTER THE WAIT'"
        $step.Output | Should -Contain 'AFTER THE WAIT'
        $step.ExitCode | Should -Be 1
    }
}

Describe 'Export-PantoTestReport -ErrorOnFailure' {
    BeforeEach {
        $script:folder = New-ReportFolder
        $script:junit = Join-Path $script:folder 'junit.xml'
        $script:summary = Join-Path $script:folder 'summary.md'
        $global:LASTEXITCODE = 0
    }

    AfterEach {
        Remove-Item $script:folder -Recurse -Force
    }

    It 'writes the reports, then names each trigger that did not pass, with the results as the target' {
        $results = Get-PantoTriggerRuns t1, t2, trigger_passed -Summary
        $thrown = { $results | Export-PantoTestReport -JUnitPath $script:junit -MarkdownPath $script:summary -ErrorOnFailure } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -Be 'TriggerFailed,PantoQa.Cmdlets.ExportPantoTestReportCommand'
        $thrown.CategoryInfo.Category | Should -Be 'InvalidResult'
        @($thrown.TargetObject).trigger_id | Should -Be @('t1', 't2')
        $message = $thrown.ErrorDetails.Message
        $message | Should -Match "2 of 3 trigger\(s\) in the report did not pass"
        $message | Should -Match "Trigger 't1' ended partially_passed: 2 passed and 2 failed of 4 runs\."
        $message | Should -Match "Trigger 't2' ended failed: 0 passed and 2 failed of 2 runs\."
        $message | Should -Not -Match 'trigger_passed'
        $message | Should -Match ([regex]::Escape("'$($script:junit)'"))
        $global:LASTEXITCODE | Should -Be 1
        (Get-JUnitCounts $script:junit).Cases | Should -Be 8
        Get-Content -Raw $script:summary | Should -Match 'trigger_passed'
    }

    It 'is green for passed triggers, and writes the same report as without the switch' {
        $result = Get-PantoTriggerRuns trigger_passed -Summary
        $result | Export-PantoTestReport -JUnitPath $script:junit -ErrorOnFailure
        $global:LASTEXITCODE | Should -Be 0
        $gated = Get-Content -Raw $script:junit
        $result | Export-PantoTestReport -Path $script:junit
        # Only the timestamp may differ between the two writes.
        ($gated -replace 'timestamp="[^"]*"', '') | Should -Be ((Get-Content -Raw $script:junit) -replace 'timestamp="[^"]*"', '')
    }

    It 'is red for a trigger reported before it ended' {
        $running = Get-PantoTriggerRuns trigger_running -Summary
        $thrown = { $running | Export-PantoTestReport -JUnitPath $script:junit -ErrorOnFailure } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike 'TriggerFailed,*'
        $thrown.ErrorDetails.Message | Should -Match "Trigger 'trigger_running' had not finished when it was reported"
        Test-Path $script:junit | Should -BeTrue
    }

    It 'is red when nothing it was given was a result: a start without -Wait checks nothing' {
        $start = Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14'
        $thrown = $null
        try { $start | Export-PantoTestReport -JUnitPath $script:junit -ErrorOnFailure -ErrorAction SilentlyContinue -ErrorVariable refused }
        catch { $thrown = $_ }
        @($refused | Where-Object { $_.FullyQualifiedErrorId -like 'ReportInputNotRecognized,*' }).Count | Should -Be 1
        $thrown.FullyQualifiedErrorId | Should -Be 'NoResultsReported,PantoQa.Cmdlets.ExportPantoTestReportCommand'
        $thrown.ErrorDetails.Message | Should -Match 'nothing was checked'
        $global:LASTEXITCODE | Should -Be 1
    }

    It 'is red when given nothing at all' {
        $thrown = { @() | Export-PantoTestReport -MarkdownPath $script:summary -ErrorOnFailure } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike 'NoResultsReported,*'
        $thrown.ErrorDetails.Message | Should -Match 'nothing was given'
    }

    It 'is red when a result came with objects it could not report' {
        $result = Get-PantoTriggerRuns trigger_passed -Summary
        $thrown = { @($result, [pscustomobject]@{ unrelated = 1 }) | Export-PantoTestReport -JUnitPath $script:junit -ErrorOnFailure -ErrorAction SilentlyContinue } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike 'NoResultsReported,*'
        $thrown.ErrorDetails.Message | Should -Match '1 input object\(s\) were not results'
    }
}

Describe 'Export-PantoTestReport -ErrorOnFailure after -RetryFailed' {
    BeforeAll {
        # "Gate flaky" fails on its first run on a build and device list and passes on the next;
        # "Gate broken" always fails. Both are final from the start.
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/runs' -Method POST -Body @{
            flows = @(
                @{ id = 'flow_gate_flaky'; name = 'Gate flaky'; tags = @{}; schedules = @(
                        , @(@{ status = 'failed'; remark = 'Flaked' })
                        , @(@{ status = 'passed' })) }
                @{ id = 'flow_gate_broken'; name = 'Gate broken'; tags = @{}; schedule = @(@{ status = 'failed'; remark = 'Broken for good' }) }
            )
        }
    }

    BeforeEach {
        $script:junit = Join-Path $TestDrive ('junit-' + [guid]::NewGuid().ToString('N') + '.xml')
        $global:LASTEXITCODE = 0
    }

    It 'is green, with a warning, when the flow passed on its retry' {
        $attempts = Start-PantoTestFlow app_01 -Name 'Gate flaky' -Device 'android:Gate Device:14' -Wait -PollInterval 1 -Timeout 60 -RetryFailed 1 -WarningAction SilentlyContinue 6>$null
        $attempts | Export-PantoTestReport -JUnitPath $script:junit -ErrorOnFailure -WarningVariable warned -WarningAction SilentlyContinue
        $global:LASTEXITCODE | Should -Be 0
        @($warned | Where-Object { "$_" -like 'Passed only thanks to retries: 1 flow run(s)*' }).Count | Should -Be 1
    }

    It 'is red when the flow failed its retry too, naming only its last attempt' {
        $attempts = Start-PantoTestFlow app_01 -Name 'Gate broken' -Device 'android:Gate Device:14' -Wait -PollInterval 1 -Timeout 60 -RetryFailed 1 -WarningAction SilentlyContinue 6>$null
        $last = ($attempts | Where-Object { $_.PSObject.TypeNames -contains 'PantoQa.TriggerResult' } | Select-Object -Last 1).trigger_id
        $thrown = { $attempts | Export-PantoTestReport -JUnitPath $script:junit -ErrorOnFailure } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike 'TriggerFailed,*'
        @($thrown.TargetObject).trigger_id | Should -Be @($last)
        $thrown.ErrorDetails.Message | Should -Match 'Gate broken on android gate device 14: failed - Broken for good'
        $global:LASTEXITCODE | Should -Be 1
    }
}

Describe 'Export-PantoTestReport -JUnitPath and -MarkdownPath' {
    BeforeEach {
        $script:folder = New-ReportFolder
    }

    AfterEach {
        Remove-Item $script:folder -Recurse -Force
    }

    It 'writes each report once, and -PassThru returns both files' {
        $junit = Join-Path $script:folder 'junit.xml'
        $summary = Join-Path $script:folder 'summary.md'
        $files = Get-PantoTriggerRuns t1 -Summary | Export-PantoTestReport -JUnitPath $junit -MarkdownPath $summary -PassThru
        @($files).FullName | Should -Be @($junit, $summary)
        (Get-JUnitCounts $junit).Cases | Should -Be 4
        Get-Content -Raw $summary | Should -Match '^#'
    }

    It 'appends only the Markdown with -Append' {
        $junit = Join-Path $script:folder 'junit.xml'
        $summary = Join-Path $script:folder 'summary.md'
        Set-Content -Path $summary -Value '# Earlier step'
        Get-PantoTriggerRuns t1 -Summary | Export-PantoTestReport -JUnitPath $junit -MarkdownPath $summary -Append
        (Get-Content $summary)[0] | Should -Be '# Earlier step'
        [xml] (Get-Content -Raw $junit) | Should -Not -BeNullOrEmpty
    }

    It 'refuses <Case> before anything is written' -TestCases @(
        @{ Case = '-Append without a Markdown report'; ErrorId = 'AppendNeedsMarkdown'; Call = { param($f) Get-PantoTriggerRuns t1 -Summary | Export-PantoTestReport -JUnitPath (Join-Path $f 'a.xml') -Append } }
        @{ Case = 'one file for both reports'; ErrorId = 'ReportPathTwice'; Call = { param($f) Get-PantoTriggerRuns t1 -Summary | Export-PantoTestReport -JUnitPath (Join-Path $f 'a.txt') -MarkdownPath (Join-Path $f 'a.txt') } }
        @{ Case = 'a Markdown path in a missing folder'; ErrorId = 'ReportDirectoryNotFound'; Call = { param($f) Get-PantoTriggerRuns t1 -Summary | Export-PantoTestReport -JUnitPath (Join-Path $f 'a.xml') -MarkdownPath (Join-Path $f 'missing/a.md') } }
    ) {
        $thrown = { & $Call $script:folder } | Should -Throw -PassThru
        $thrown.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        @(Get-ChildItem $script:folder).Count | Should -Be 0
    }
}
