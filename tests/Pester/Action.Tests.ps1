# The GitHub Action (action.yml, action/run.ps1): the script runs as GitHub runs it, in a fresh
# PowerShell with its inputs in INPUT_<NAME> and GitHub's output and summary files, against the
# emulator. Each run costs a process start, so one run serves every check of its case.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $RepoRoot 'tools/BuildTools.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tools/ActionMetadata.psm1') -Force
    $ActionFile = Join-Path $RepoRoot 'action.yml'
    $RunScript = Join-Path $RepoRoot 'action/run.ps1'
    # The built module itself, also when the suite runs against desktop/PantoQa.dll: the action
    # imports a module folder, whichever PowerShell runs it.
    $ModuleFolder = Join-Path $RepoRoot 'out/PantoQa'
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'

    function Read-GitHubOutput {
        <# The name and value pairs of a GITHUB_OUTPUT file, in both of its forms. #>
        param([Parameter(Mandatory)][string] $Path)
        $values = [ordered]@{}
        $lines = @(Get-Content -LiteralPath $Path)
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^(?<name>[^=<]+)<<(?<delimiter>.+)$') {
                $name = $Matches.name
                $delimiter = $Matches.delimiter
                $value = New-Object System.Collections.Generic.List[string]
                while ($lines[++$i] -ne $delimiter) { $value.Add($lines[$i]) }
                $values[$name] = $value -join "`n"
            }
            elseif ($lines[$i] -match '^(?<name>[^=]+)=(?<value>.*)$') { $values[$Matches.name] = $Matches.value }
            else { throw "Not a GITHUB_OUTPUT line: '$($lines[$i])'" }
        }
        $values
    }

    function Invoke-Action {
        <#
        Runs action/run.ps1 in a fresh PowerShell in a new working folder, with each input as
        INPUT_<NAME> and GITHUB_OUTPUT and GITHUB_STEP_SUMMARY in that folder. Returns the log
        lines (stdout and stderr), the exit code, the outputs, the summary and the folder.
        #>
        param([Parameter(Mandatory)][hashtable] $Inputs, [hashtable] $Environment = @{}, [string] $SummaryBefore = '')
        $work = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "pantoqa-action-$([guid]::NewGuid().ToString('N'))")).FullName
        $outputFile = Join-Path $work 'github-output'
        $summaryFile = Join-Path $work 'github-step-summary'
        [IO.File]::WriteAllText($outputFile, '')
        [IO.File]::WriteAllText($summaryFile, $SummaryBefore)
        # A key or address in the test's own environment must not reach the step.
        $variables = @{ GITHUB_OUTPUT = $outputFile; GITHUB_STEP_SUMMARY = $summaryFile; PANTO_API_KEY = $null; PANTO_BASE_URI = $null }
        foreach ($name in $Inputs.Keys) { $variables['INPUT_' + $name.ToUpperInvariant()] = $Inputs[$name] }
        foreach ($name in $Environment.Keys) { $variables[$name] = $Environment[$name] }
        $saved = @{}
        foreach ($name in $variables.Keys) {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            if ($null -eq $variables[$name]) { Remove-Item -LiteralPath "Env:$name" -ErrorAction SilentlyContinue }
            else { [Environment]::SetEnvironmentVariable($name, $variables[$name]) }
        }
        $pwsh = Get-PwshCommand
        Push-Location $work
        try {
            $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $RunScript 2>&1
            $exitCode = $LASTEXITCODE
        }
        finally {
            Pop-Location
            # Not SetEnvironmentVariable with $null: PowerShell passes it as '', which leaves the
            # variable set, empty.
            foreach ($name in $saved.Keys) {
                if ($null -eq $saved[$name]) { Remove-Item -LiteralPath "Env:$name" -ErrorAction SilentlyContinue }
                else { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
        }
        [pscustomobject]@{
            Output = @($output | ForEach-Object { "$_" })
            ExitCode = $exitCode
            Outputs = Read-GitHubOutput -Path $outputFile
            Summary = [IO.File]::ReadAllText($summaryFile)
            Work = $work
        }
    }

    $Connection = @{ 'api-key' = (Get-EmulatorKey); 'base-uri' = $script:emulator.Url; 'module-path' = $ModuleFolder; 'poll-interval' = '1'; timeout = '120' }
}

AfterAll {
    $script:emulator | Stop-PantoEmulator
}

Describe 'The action starting flows that pass' {
    BeforeAll {
        $before = (Get-Triggered $script:emulator).Count
        $run = Invoke-Action -Inputs ($Connection + @{ 'app-id' = 'app_01'; names = 'Login'; devices = 'android:Pixel 6:14' }) -SummaryBefore "An earlier step's summary.`n"
        $started = @(Get-Triggered $script:emulator | Select-Object -Skip $before)
    }
    AfterAll { Remove-Item $run.Work -Recurse -Force -ErrorAction SilentlyContinue }

    It 'starts one trigger of the flow named, waits for it and exits 0 without an error' {
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $started.Count | Should -Be 1
        $started[0].endpoint | Should -Be 'test-flow'
        @($started[0].test_runs).Count | Should -Be 1
        $run.Output | Where-Object { $_ -like '::error*' -or $_ -like '::warning*' } | Should -BeNullOrEmpty
    }

    It 'sets each output action.yml declares, in its order' {
        @($run.Outputs.Keys) | Should -Be @((Read-ActionMetadata -Path $ActionFile).Outputs.name)
        $run.Outputs['trigger-id'] | Should -Be $started[0].trigger_id
        $run.Outputs['status'] | Should -Be 'passed'
        $run.Outputs['total'], $run.Outputs['passed'], $run.Outputs['failed'], $run.Outputs['in-process'] | Should -Be '1', '1', '0', '0'
        $run.Outputs['junit'] | Should -Be 'panto-junit.xml'
    }

    It 'writes the JUnit report to panto-junit.xml and appends the Markdown report to the summary' {
        [xml] $junit = Get-Content -Raw (Join-Path $run.Work 'panto-junit.xml')
        @($junit.testsuites.testsuite.testcase).Count | Should -Be 1
        $junit.testsuites.testsuite.failures | Should -Be '0'
        # -Match, not -BeLike: a backtick escapes in a wildcard pattern.
        $run.Summary | Should -Match ("^An earlier step's summary\.\s+## Panto QA test runs\s[\s\S]*" + [regex]::Escape("``$($started[0].trigger_id)``: ``passed``"))
    }
}

Describe 'The action starting suites that fail' {
    BeforeAll {
        $before = (Get-Triggered $script:emulator).Count
        $run = Invoke-Action -Inputs ($Connection + @{
                'app-id' = 'app_01'; suite = 'true'; 'include-tags' = "type=release`n"
                devices = "Pixel 6:14`n`n  ios:iPhone 15:17  "; junit = 'reports/panto.xml'
            })
        $started = @(Get-Triggered $script:emulator | Select-Object -Skip $before)
    }
    AfterAll { Remove-Item $run.Work -Recurse -Force -ErrorAction SilentlyContinue }

    It 'fails the step, with its outputs written' {
        $run.ExitCode | Should -Be 1
        $started.Count | Should -Be 1
        $started[0].endpoint | Should -Be 'testsuite'
        $run.Outputs['trigger-id'] | Should -Be $started[0].trigger_id
        $run.Outputs['status'] | Should -Be 'failed'
        $run.Outputs['total'], $run.Outputs['passed'], $run.Outputs['failed'], $run.Outputs['in-process'] | Should -Be '1', '0', '1', '0'
        $run.Outputs['junit'] | Should -Be 'reports/panto.xml'
    }

    It 'writes both reports in full first, the JUnit one into a folder it makes' {
        [xml] $junit = Get-Content -Raw (Join-Path $run.Work 'reports/panto.xml')
        $junit.testsuites.testsuite.testcase.failure.message | Should -Be 'Release check failed on the payment screen'
        $run.Summary | Should -Match ([regex]::Escape("``$($started[0].trigger_id)``: ``failed``") + '[\s\S]*\| Release candidate checks \|.*\| Release check failed on the payment screen \|')
    }

    It 'annotates the failed run with its suite, devices and remark, and says why the step failed' {
        $run.Output | Should -Contain '::error title=Release candidate checks on pixel 6 14%2C ios iphone 15 17::Release check failed on the payment screen'
        $run.Output | Should -Contain "::error title=Panto QA::Trigger '$($started[0].trigger_id)' ended failed: 0 of 1 runs passed, 1 failed."
    }
}

Describe 'The action waiting for triggers that exist' {
    BeforeAll {
        # A key with a % in it, which the mask command must escape.
        $key = 'action%key-' + [guid]::NewGuid().ToString('N')
        $runs = @(@{
                id = 'action_wait_hostile'; trigger_id = 'action_wait'; test_flow_id = 'flow_action_wait'; status = 'failed'; remark = "50% off`r`nthen: more, text"
                target_device_list = @(@{ platform = 'android'; device_name = 'Pixel, 8'; platform_version = '14' })
            })
        $runs += @(1..50 | ForEach-Object { @{ id = "action_wait_$_"; trigger_id = 'action_wait'; test_flow_id = 'flow_action_wait'; status = 'failed'; remark = 'Broke' } })
        $runs += @{ id = 'action_wait_passed'; trigger_id = 'action_wait'; test_flow_id = 'flow_action_wait'; status = 'passed' }
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/runs' -Method POST -Body @{
            api_keys = @(@{ key = $key }); flows = @(@{ id = 'flow_action_wait'; name = 'Pay: card, 3DS' }); runs = $runs
        }

        # No module-path and no module-version: the action's own version, found installed.
        $version = (Get-Module -ListAvailable -Name (Join-Path $ModuleFolder 'PantoQa.psd1')).Version
        $modules = Join-Path ([IO.Path]::GetTempPath()) "pantoqa-action-modules-$([guid]::NewGuid().ToString('N'))"
        $installed = Join-Path (Join-Path $modules 'PantoQa') $version
        Copy-Folder -Source $ModuleFolder -Destination $installed
        $inputs = $Connection.Clone()
        $inputs.Remove('module-path')
        $inputs['api-key'] = $key
        $inputs['trigger-id'] = "action_wait`nt1"
        $inputs['fail-on-failure'] = 'false'
        $inputs['summary'] = 'false'
        # Empty means none. A space, which the action trims: .NET Framework deletes a variable
        # set to '', so Windows PowerShell would see none and take the default.
        $inputs['junit'] = ' '

        $requests = @(Get-EmulatorRequests $script:emulator).Count
        $run = Invoke-Action -Inputs $inputs -Environment @{ PSModulePath = $modules + [IO.Path]::PathSeparator + $env:PSModulePath }
        $sent = @(Get-EmulatorRequests $script:emulator | Select-Object -Skip $requests)
    }
    AfterAll {
        Remove-Item $run.Work, $modules -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'waits for each trigger and, with fail-on-failure false, passes the step with a warning per failed trigger' {
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain "::warning title=Panto QA::Trigger 'action_wait' ended partially_passed: 1 of 52 runs passed, 51 failed."
        $run.Output | Should -Contain "::warning title=Panto QA::Trigger 't1' ended partially_passed: 2 of 4 runs passed, 2 failed."
        $run.Outputs['trigger-id'] | Should -Be 'action_wait t1'
        $run.Outputs['status'] | Should -Be 'partially_passed'
        $run.Outputs['total'], $run.Outputs['passed'], $run.Outputs['failed'], $run.Outputs['in-process'] | Should -Be '56', '3', '53', '0'
    }

    It 'only reads: no trigger request is sent' {
        $sent.Count | Should -BeGreaterThan 1
        $sent | Where-Object { $_.method -ne 'GET' -or $_.raw_target -notlike '/api/v1/qa/external/test-runs-by-trigger/*' } | Should -BeNullOrEmpty
    }

    It 'imports the installed PantoQa of the version in Directory.Build.props' {
        $run.Output | Should -Contain "PantoQa $(Get-ModuleVersion -Root $RepoRoot) is installed at $installed."
    }

    It 'writes no JUnit report and no summary when both are turned off' {
        Join-Path $run.Work 'panto-junit.xml' | Should -Not -Exist
        $run.Outputs['junit'] | Should -Be ''
        $run.Summary | Should -Be ''
    }

    It 'escapes the annotation title''s %, CR, LF, colons and commas and the message''s %, CR and LF' {
        $run.Output | Should -Contain '::error title=Pay%3A card%2C 3DS on android pixel%2C 8 14::50%25 off%0D%0Athen: more, text'
    }

    It 'annotates the first 50 failed runs and counts the rest in one notice' {
        @($run.Output | Where-Object { $_ -like '::error *' }).Count | Should -Be 50
        @($run.Output | Where-Object { $_ -like '::notice *' }) | Should -Be @('::notice title=Panto QA::3 more runs failed; only the first 50 are annotated.')
    }

    It 'masks the key first, escaped, and shows it nowhere' {
        $run.Output[0] | Should -Be "::add-mask::$($key.Replace('%', '%25'))"
        $run.Output + @($run.Outputs.Values) | Where-Object { $_.Contains($key) } | Should -BeNullOrEmpty
    }
}

Describe 'The action refusing bad inputs' {
    It 'fails at once on <Case>, with a clear error and nothing sent' -TestCases @(
        @{ Case = 'a device in neither form'; Inputs = @{ 'app-id' = 'app_01'; names = 'Login'; devices = "android:Pixel 6:14`nPixel 6" }
            Error = "The devices line 'Pixel 6' is not platform:device name:version or device name:version, such as android:Pixel 6:14." }
        @{ Case = 'both tag kinds'; Inputs = @{ 'app-id' = 'app_01'; 'include-tags' = 'priority=p1'; 'exclude-tags' = 'team=payments'; devices = 'Pixel 6:14' }
            Error = 'Give include-tags or exclude-tags, not both: a trigger request takes one of them.' }
        @{ Case = 'neither trigger-id nor app-id'; Inputs = @{ devices = 'Pixel 6:14' }
            Error = 'Give trigger-id to wait for a trigger that exists, or app-id to start runs of a build.' }
    ) {
        $requests = @(Get-EmulatorRequests $script:emulator).Count
        $run = Invoke-Action -Inputs ($Connection + $Inputs)
        try {
            $run.ExitCode | Should -Be 1
            $run.Output | Where-Object { $_ -like '::error*' } | Should -Be "::error title=Panto QA::$Error"
            @(Get-EmulatorRequests $script:emulator).Count | Should -Be $requests
            $run.Outputs['status'] | Should -Be 'failed'
            $run.Outputs['trigger-id'], $run.Outputs['total'], $run.Outputs['junit'] | Should -Be '', '0', ''
            Join-Path $run.Work 'panto-junit.xml' | Should -Not -Exist
        }
        finally { Remove-Item $run.Work -Recurse -Force -ErrorAction SilentlyContinue }
    }
}

Describe 'The action''s inputs, read and checked' {
    BeforeAll {
        Import-Module (Join-Path $RepoRoot 'action/PantoQaAction.psm1') -Force
        $Start = @{ 'INPUT_API-KEY' = 'k'; 'INPUT_APP-ID' = 'app_01'; 'INPUT_NAMES' = 'Login'; 'INPUT_DEVICES' = 'Pixel 6:14'; 'INPUT_MODULE-PATH' = $ModuleFolder }
    }

    It 'reads lists line by line and takes action.yml''s defaults for inputs not set' {
        $settings = Read-ActionSettings -Environment @{
            'INPUT_API-KEY' = ' k '; 'INPUT_APP-ID' = 'app_01'; 'INPUT_SUITE' = 'TRUE'; 'INPUT_MODULE-PATH' = $ModuleFolder
            'INPUT_INCLUDE-TAGS' = "team = payments, identity`n`npriority=p1`nteam=payments,discovery"
            'INPUT_DEVICES' = " android : Pixel 6 : 14 `nPixel 8:15"
        }
        $settings.ApiKey | Should -Be 'k'
        $settings.Suite | Should -BeTrue
        $settings.IncludeTag['team'] | Should -Be 'payments', 'identity', 'discovery'
        $settings.IncludeTag['priority'] | Should -Be 'p1'
        $settings.Devices | Should -Be 'android:Pixel 6:14', 'Pixel 8:15'
        $settings.BaseUri | Should -Be 'https://qa-app.getpanto.ai'
        $settings.Timeout, $settings.PollInterval | Should -Be 3600, 10
        $settings.JUnit | Should -Be 'panto-junit.xml'
        $settings.Summary, $settings.Annotations, $settings.FailOnFailure | Should -Be $true, $true, $true
    }

    It 'refuses <Case>' -TestCases @(
        @{ Case = 'an empty api-key'; Change = @{ 'INPUT_API-KEY' = ' ' }; Expected = 'The input api-key is empty.*' }
        @{ Case = 'trigger-id and app-id'; Change = @{ 'INPUT_TRIGGER-ID' = 't1' }; Expected = 'Give trigger-id * or app-id *, not both.' }
        @{ Case = 'start inputs with trigger-id'; Change = @{ 'INPUT_APP-ID' = ''; 'INPUT_TRIGGER-ID' = 't1' }; Expected = 'The inputs names, devices apply only when starting runs with app-id*' }
        @{ Case = 'names with suite true'; Change = @{ 'INPUT_SUITE' = 'true' }; Expected = 'The input names selects root test flows*' }
        @{ Case = 'names and tags'; Change = @{ 'INPUT_EXCLUDE-TAGS' = 'type=release' }; Expected = 'Give names or tags, not both*' }
        @{ Case = 'no selector'; Change = @{ 'INPUT_NAMES' = '' }; Expected = 'Choose what to start: include-tags, exclude-tags or, for flows, names.' }
        @{ Case = 'no devices'; Change = @{ 'INPUT_DEVICES' = "`n" }; Expected = 'Starting runs needs devices*' }
        @{ Case = 'a device with an empty part'; Change = @{ 'INPUT_DEVICES' = 'android::14' }; Expected = "The devices line 'android::14' is not*" }
        @{ Case = 'a tag line without ='; Change = @{ 'INPUT_NAMES' = ''; 'INPUT_INCLUDE-TAGS' = 'priority' }; Expected = "The include-tags line 'priority' is not name=value1,value2*" }
        @{ Case = 'a tag without values'; Change = @{ 'INPUT_NAMES' = ''; 'INPUT_EXCLUDE-TAGS' = 'team= ,' }; Expected = "The exclude-tags line 'team= ,' is not*" }
        @{ Case = 'a switch that is not true or false'; Change = @{ 'INPUT_FAIL-ON-FAILURE' = 'yes' }; Expected = "The input fail-on-failure is true or false, not 'yes'." }
        @{ Case = 'a timeout of 0'; Change = @{ 'INPUT_TIMEOUT' = '0' }; Expected = "The input timeout is a whole number of seconds from 1 to 2147483647, not '0'." }
        @{ Case = 'a poll interval over an hour'; Change = @{ 'INPUT_POLL-INTERVAL' = '3601' }; Expected = "The input poll-interval is a whole number of seconds from 1 to 3600, not '3601'." }
        @{ Case = 'module-path and module-version'; Change = @{ 'INPUT_MODULE-VERSION' = '1.0.0' }; Expected = 'Give module-path * or module-version *, not both.' }
        @{ Case = 'a module-path that does not exist'; Change = @{ 'INPUT_MODULE-PATH' = 'no/such/module' }; Expected = "The input module-path names 'no/such/module', which does not exist." }
        @{ Case = 'a module-version that is not a version'; Change = @{ 'INPUT_MODULE-PATH' = ''; 'INPUT_MODULE-VERSION' = 'latest' }; Expected = "The input module-version: 'latest' is not a release version*" }
    ) {
        $environment = $Start.Clone()
        foreach ($name in $Change.Keys) { $environment[$name] = $Change[$name] }
        { Read-ActionSettings -Environment $environment } | Should -Throw -ExceptionType ([ArgumentException]) -ExpectedMessage $Expected
    }
}

Describe 'action.yml' {
    BeforeAll {
        $Metadata = Read-ActionMetadata -Path $ActionFile
        $Text = Get-Content -Raw $ActionFile
        $Validator = Join-Path $RepoRoot 'node_modules/@action-validator/cli/cli.mjs'
    }

    It 'passes each input to the script as INPUT_<NAME>, and nothing else' {
        $passed = @([regex]::Matches($Text, '(?m)^\s+(INPUT_[\w-]+): \$\{\{ inputs\.([\w-]+) \}\}\s*$') | ForEach-Object {
                $_.Groups[1].Value | Should -BeExactly ('INPUT_' + $_.Groups[2].Value.ToUpperInvariant())
                $_.Groups[2].Value
            })
        $passed | Should -Be @($Metadata.Inputs.name)
        @([regex]::Matches($Text, '(?m)^\s+INPUT_')).Count | Should -Be $passed.Count
    }

    It 'takes each output from the script''s step' {
        foreach ($output in $Metadata.Outputs) {
            $Text | Should -Match "(?m)^    value: \`$\{\{ steps\.run\.outputs\.$([regex]::Escape($output.name)) \}\}\s*$"
        }
    }

    It 'passes the action-validator schema check' {
        if (-not (Get-Command node -ErrorAction SilentlyContinue) -or -not (Test-Path $Validator)) {
            # build.ps1 Test installs it with npm ci wherever npm is.
            Set-ItResult -Skipped -Because 'Node.js or @action-validator/cli is not installed here; install Node.js and run build.ps1 Test to validate action.yml (CI has them)'
            return
        }
        $output = & node $Validator $ActionFile 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
    }

    It 'is described in the README by the tables rendered from it' {
        Get-ReadmeActionTable -ReadmePath (Join-Path $RepoRoot 'README.md') |
            Should -BeExactly (ConvertTo-ActionTable -Path $ActionFile) -Because 'Update-ActionReadme in tools/ActionMetadata.psm1 renders them after action.yml changes'
    }

    It 'runs on Windows PowerShell 5.1 too: <Name>' -TestCases @(
        @{ Name = 'action/run.ps1' }, @{ Name = 'action/PantoQaAction.psm1' }
    ) {
        Import-Module (Join-Path $PSScriptRoot 'WindowsPowerShellCompatibility.psm1') -Force
        @(Find-IncompatibleConstruct -Path (Join-Path $RepoRoot $Name) | ForEach-Object { '{0}: {1}: {2}' -f $_.Line, $_.Construct, $_.Text }) -join "`n" |
            Should -BeNullOrEmpty
    }
}
