# What the docs state about behaviour the code decides, checked against the code, so the two
# cannot drift apart again unseen.

BeforeDiscovery {
    $readme = @(Get-Content (Join-Path $PSScriptRoot '../../README.md'))

    # The offline example starts panto-emulator by name; here a shell script of that name runs
    # the built emulator, which Windows cannot start the same way.
    $NotOnWindows = [Environment]::OSVersion.Platform -eq 'Win32NT'

    # Every ```powershell block that has <!-- runnable --> on the line before it: it runs as it
    # is against the emulator's built-in scenario.
    $RunnableBlocks = for ($i = 0; $i -lt $readme.Count; $i++) {
        if ($readme[$i].Trim() -ne '<!-- runnable -->') { continue }
        $fence = $i + 1
        $end = $fence + 1
        while ($end -lt $readme.Count -and $readme[$end] -notmatch '^```\s*$') { $end++ }
        $code = @($readme[($fence + 1)..($end - 1)])
        @{ Line = $fence + 2; Fence = $readme[$fence]; FirstLine = $code[0].Trim(); Code = $code -join "`n" }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $RepoRoot 'tools/BuildTools.psm1') -Force
    $script:emulator = Start-TestEmulator
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
    # The shipped manifest, read as PowerShell reads it: its RootModule depends on $PSEdition,
    # which Import-PowerShellDataFile refuses.
    $script:manifest = Test-ModuleManifest (Join-Path $RepoRoot 'out/PantoQa/PantoQa.psd1')
    $script:exported = @($script:manifest.ExportedCmdlets.Keys | Sort-Object)

    function Get-MarkdownSection {
        <# The lines under a heading, up to the next heading of the same or a higher level. #>
        param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][string] $Heading)
        $lines = @(Get-Content $Path)
        $start = [array]::IndexOf($lines, $Heading)
        if ($start -lt 0) { throw "$Path has no heading '$Heading'." }
        $level = ($Heading -split ' ')[0]
        $section = New-Object System.Collections.Generic.List[string]
        for ($i = $start + 1; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^(#+) ' -and $Matches[1].Length -le $level.Length) { break }
            $section.Add($lines[$i])
        }
        , $section.ToArray()
    }

    function Get-TableCmdlets {
        <# The cmdlet names in the first column of the Markdown tables among the lines. #>
        param([string[]] $Lines)
        @($Lines | Where-Object { $_ -match '^\|\s*`?([A-Z][a-z]+-Panto\w+)`?\s*\|' } | ForEach-Object { $Matches[1] } | Sort-Object)
    }

    function Invoke-ChildPwsh {
        <#
        .SYNOPSIS
            Runs a script in a fresh PowerShell with extra environment variables, and kills it
            after TimeoutSeconds, so a script that would never end fails the test instead.
        #>
        param([Parameter(Mandatory)][string] $Script, [hashtable] $Environment = @{}, [int] $TimeoutSeconds = 120)
        $pwsh = Get-PwshCommand
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
        $start = New-Object System.Diagnostics.ProcessStartInfo $pwsh[0]
        $start.Arguments = (@($pwsh | Select-Object -Skip 1 | ForEach-Object { '"' + $_ + '"' }) + @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text', '-EncodedCommand', $encoded)) -join ' '
        foreach ($name in $Environment.Keys) { $start.EnvironmentVariables[$name] = $Environment[$name] }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($start)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $ended = $process.WaitForExit($TimeoutSeconds * 1000)
        if (-not $ended) { $process.Kill(); $null = $process.WaitForExit(5000) }
        [pscustomobject]@{
            TimedOut = -not $ended
            ExitCode = $(if ($ended) { $process.ExitCode } else { $null })
            Output   = @(($stdout.Result + $stderr.Result) -split '\r?\n' | Where-Object { $_ })
        }
    }

    # A PSModulePath that finds the built module first, so a block's own Import-Module PantoQa
    # or command autoloading gets the module under test.
    $script:modulePath = (Join-Path $RepoRoot 'out') + [IO.Path]::PathSeparator + $env:PSModulePath
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'about_PantoQa on run statuses' {
    It 'counts as failed exactly the statuses it lists as failed, in any case, and the other spellings it names as in process' {
        $about = (Get-Content -Raw (Join-Path $RepoRoot 'src/PantoQa.Module/help/about_PantoQa.md')) -replace '\s+', ' '
        $about -match 'classify runner_status ignoring case: passed is passed; (?<failed>[^;]+) count as failed; anything else counts as still in process, including other spellings \((?<other>[^)]+)\)' |
            Should -BeTrue -Because 'about_PantoQa says which statuses count as failed and which as in process'
        $failed = @($Matches.failed -split ',\s*|\s+and\s+' | Where-Object { $_ })
        $other = @($Matches.other -split ',\s*' | Where-Object { $_ })
        $failed | Should -Contain 'failed'
        $other | Should -Contain 'errored'
        $shouted = @($failed | ForEach-Object { $_.ToUpperInvariant() })

        Add-EmulatorTrigger $script:emulator 'docs-statuses' (@($failed) + $shouted + @($other) + 'passed' + 'PASSED')
        $summary = Get-PantoTriggerRuns docs-statuses -Summary
        $summary.failed | Should -Be (2 * $failed.Count) -Because "about_PantoQa says $($failed -join ', ') count as failed, ignoring case"
        $summary.in_process | Should -Be $other.Count -Because "about_PantoQa says $($other -join ', ') count as still in process"
        $summary.passed | Should -Be 2
    }
}

Describe 'The Pester tags the docs name' {
    It 'are tags that tests carry' {
        $tagged = @(Get-ChildItem $PSScriptRoot -Filter '*.Tests.ps1' | Select-String -Pattern "-Tag '(\w+)'" -AllMatches |
                ForEach-Object { $_.Matches } | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
        $named = @('README.md', 'CONTRIBUTING.md', 'build.ps1' | ForEach-Object { Get-Item (Join-Path $RepoRoot $_) } |
                Select-String -Pattern "-ExcludeTag '?(\w+)" -AllMatches | ForEach-Object { $_.Matches } | ForEach-Object { $_.Groups[1].Value } |
                Sort-Object -Unique)
        $named | Should -Not -BeNullOrEmpty
        foreach ($tag in $named) { $tagged | Should -Contain $tag -Because "the docs tell contributors to use -ExcludeTag $tag" }
    }
}

Describe 'The cmdlet lists' {
    It 'in about_PantoQa name exactly the cmdlets the manifest exports' {
        $section = Get-MarkdownSection -Path (Join-Path $RepoRoot 'src/PantoQa.Module/help/about_PantoQa.md') -Heading '## LONG DESCRIPTION'
        $script:exported.Count | Should -BeGreaterThan 0
        Get-TableCmdlets $section | Should -Be $script:exported
    }

    It 'in the README name exactly the cmdlets the manifest exports' {
        $section = Get-MarkdownSection -Path (Join-Path $RepoRoot 'README.md') -Heading '## Cmdlets'
        Get-TableCmdlets $section | Should -Be $script:exported
    }
}

Describe 'The manifest description, which Find-Module shows' {
    It 'names starting, waiting and reports, and the emulator as a package of its own' {
        $description = $script:manifest.Description
        $description | Should -Match '\bstart'
        $description | Should -Match '\bwait'
        $description | Should -Match '\breports?\b'
        $description | Should -Match '\bPantoQa\.Emulator\b'
        $description | Should -Match '\bpanto-emulator\b'
        $description | Should -Not -Match 'Ships a local emulator'
    }
}

Describe 'about_PantoQa on the emulator' {
    BeforeAll {
        $script:emulatorSection = Get-MarkdownSection -Path (Join-Path $RepoRoot 'src/PantoQa.Module/help/about_PantoQa.md') -Heading '## THE EMULATOR'
        $script:emulatorText = $script:emulatorSection -join "`n"
    }

    It 'points to the emulator''s README and its --help, the one place its reference lives' {
        $script:emulatorText | Should -Match 'https://github\.com/pantoqa/PantoQa/blob/main/src/PantoQa\.Emulator/README\.md'
        $script:emulatorText | Should -Match 'panto-emulator --help'
    }

    It 'copies none of its reference: no options table, fault kinds or control endpoints' {
        @($script:emulatorSection | Where-Object { $_ -match '^\|' }) | Should -BeNullOrEmpty -Because 'the tables were copies of the emulator README''s'
        $script:emulatorText | Should -Not -Match '--fault-|/_emulator/\w'
        @($script:emulatorSection | Where-Object { $_ -match '^###' }) | Should -BeNullOrEmpty
    }

    It 'names only options panto-emulator --help lists' {
        $help = & dotnet (Join-Path $RepoRoot 'out/emulator/PantoQa.Emulator.dll') --help
        $LASTEXITCODE | Should -Be 0
        # dotnet tool install's own --global aside.
        $text = $script:emulatorText -replace 'dotnet tool install --global', ''
        $named = @([regex]::Matches($text, '(?<![\w-])--[a-z][a-z-]+') | ForEach-Object { $_.Value } | Sort-Object -Unique)
        $named | Should -Not -BeNullOrEmpty
        foreach ($option in $named) { ($help -join "`n") | Should -Match "(?m)^\s+$([regex]::Escape($option))\b" -Because "about_PantoQa names $option" }
    }
}

Describe 'The -Device help of <_>' -ForEach @('Start-PantoTestFlow', 'Start-PantoTestSuite') {
    BeforeAll {
        $script:cmdlet = $_
        $script:deviceHelp = ((Get-Help $_ -Parameter Device).description | ForEach-Object { $_.Text }) -join ' '
        $script:selector = if ($_ -eq 'Start-PantoTestFlow') { @{ Name = 'Login' } } else { @{ IncludeTag = @{ type = 'smoke' } } }
    }

    It 'says a number is sent as text, and a value that is neither text nor a number is refused' {
        $script:deviceHelp | Should -Match 'Each value is text or a number, which is sent as text'
        $script:deviceHelp | Should -Match 'a value that is neither text nor a number'
    }

    It 'binds a number, as it says' {
        $device = @{ platform = 'android'; device_name = 'Pixel 6'; platform_version = 14 }
        & $script:cmdlet app_01 @script:selector -Device $device -WhatIf -ErrorVariable problems
        $problems | Should -BeNullOrEmpty
    }

    It 'refuses $true at binding, as it says' {
        $device = @{ device_name = 'Pixel 6'; platform_version = $true }
        { & $script:cmdlet app_01 @script:selector -Device $device -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,*'
    }
}

Describe 'The README block <FirstLine> (line <Line>)' -ForEach $RunnableBlocks {
    It 'is a powershell block' {
        $Fence | Should -Be '```powershell' -Because "<!-- runnable --> marks the powershell block on the next line, at README.md line $Line"
    }

    It 'runs against the emulator''s built-in scenario without an error' {
        # As a user at a fresh prompt would run it, with the emulator's address for the one the
        # README names. Out-String runs the format views too.
        $code = $Code.Replace('http://127.0.0.1:5080', $script:emulator.Url)
        $script = @"
`$Error.Clear()
try { . {
$code
} | Out-String -Width 80 | Out-Null } catch { }
foreach (`$problem in `$Error) { 'BLOCK ERROR: ' + `$problem }
'BLOCK DONE'
"@
        $result = Invoke-ChildPwsh -Script $script -TimeoutSeconds 120 -Environment @{
            PANTO_API_KEY = Get-EmulatorKey; PANTO_BASE_URI = $script:emulator.Url; PSModulePath = $script:modulePath
        }
        $because = "README block '$FirstLine' (line $Line) ran as:`n$($result.Output -join "`n")"
        $result.TimedOut | Should -BeFalse -Because $because
        $result.Output | Should -Contain 'BLOCK DONE' -Because $because
        @($result.Output | Where-Object { $_ -like 'BLOCK ERROR: *' }) | Should -BeNullOrEmpty -Because $because
    }
}

Describe 'The README''s offline test example' -Skip:$NotOnWindows {
    BeforeAll {
        # The files of "Test your scripts offline": the code blocks whose first line names their path.
        $readme = @(Get-Content (Join-Path $RepoRoot 'README.md'))
        $script:exampleFiles = for ($i = 0; $i -lt $readme.Count - 1; $i++) {
            if ($readme[$i] -notmatch '^```\w+$' -or $readme[$i + 1] -notmatch '^(#|//) ((scripts|tests)/[\w.-]+)$') { continue }
            $path = $Matches[2]
            $end = $i + 1
            while ($readme[$end] -notmatch '^```\s*$') { $end++ }
            @{ Path = $path; Text = $readme[($i + 1)..($end - 1)] -join "`n" }
        }
        $script:example = Join-Path $TestDrive 'example'
        foreach ($file in $script:exampleFiles) {
            $path = Join-Path $script:example $file.Path
            $null = New-Item -ItemType Directory -Force -Path (Split-Path $path)
            Set-Content -Path $path -Value $file.Text
        }
        $script:pester = (Get-Module Pester).Path -replace 'Pester\.psm1$', 'Pester.psd1'

        function Invoke-ExampleTests {
            <# Runs the example's Pester file in a fresh PowerShell, with panto-emulator as the given shell script. #>
            param([Parameter(Mandatory)][string] $Emulator)
            $bin = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            $null = New-Item -ItemType Directory -Path $bin
            $command = Join-Path $bin 'panto-emulator'
            [IO.File]::WriteAllText($command, "#!/bin/sh`n$Emulator`n")
            & chmod +x $command
            $tests = Join-Path $script:example 'tests/Assert-QaPassed.Tests.ps1'
            $script = @"
Import-Module '$($script:pester)'
`$result = Invoke-Pester -Path '$tests' -PassThru -Output None
'passed=' + `$result.PassedCount
'failed=' + `$result.FailedCount
foreach (`$container in `$result.FailedContainers) { 'container error: ' + @(`$container.ErrorRecord)[0] }
"@
            Invoke-ChildPwsh -Script $script -TimeoutSeconds 120 -Environment @{
                PATH = $bin + [IO.Path]::PathSeparator + $env:PATH; PSModulePath = $script:modulePath
            }
        }
    }

    It 'has its script, scenario and test file' {
        @($script:exampleFiles | ForEach-Object { $_.Path } | Sort-Object) | Should -Be @('scripts/Assert-QaPassed.ps1', 'tests/Assert-QaPassed.Tests.ps1', 'tests/qa.scenario.json')
    }

    It 'passes against the emulator' {
        $dll = Join-Path $RepoRoot 'out/emulator/PantoQa.Emulator.dll'
        $result = Invoke-ExampleTests -Emulator "exec dotnet '$dll' `"`$@`""
        $because = $result.Output -join "`n"
        $result.TimedOut | Should -BeFalse -Because $because
        $result.Output | Should -Contain 'passed=3' -Because $because
        $result.Output | Should -Contain 'failed=0' -Because $because
    }

    It 'fails at once, saying so, when the emulator cannot start' {
        $result = Invoke-ExampleTests -Emulator 'exit 3'
        $because = $result.Output -join "`n"
        $result.TimedOut | Should -BeFalse -Because "the example must not wait forever for an emulator that exited: $because"
        $result.Output | Should -Contain 'passed=0' -Because $because
        ($result.Output | Where-Object { $_ -like 'container error: *' }) | Should -Match 'panto-emulator exited with code 3 before it listened' -Because $because
    }
}

Describe 'The demo (build.ps1 Demo)' {
    BeforeAll {
        $script:demoFile = Join-Path $RepoRoot 'tools/Demo.ps1'
        $demo = Invoke-ChildPwsh -TimeoutSeconds 180 -Script ("& '{0}' -ModulePath '{1}' -EmulatorPath '{2}'" -f
            $script:demoFile, (Join-Path $RepoRoot 'out/PantoQa'), (Join-Path $RepoRoot 'out/emulator'))
        $script:demo = $demo
        $script:lines = @($demo.Output | ForEach-Object { $_ -replace '\x1b\[[0-9;]*m', '' })
        $script:demoText = $script:lines -join "`n"
    }

    It 'runs to its end' {
        $script:demo.TimedOut | Should -BeFalse -Because $script:demoText
        $script:demo.ExitCode | Should -Be 0 -Because $script:demoText
        $script:lines[-1] | Should -Be 'Emulator stopped.' -Because $script:demoText
    }

    It 'prints the command of every step before its output' {
        $titles = 0
        for ($i = 0; $i -lt $script:lines.Count; $i++) {
            if ($script:lines[$i] -notlike '== *') { continue }
            $titles++
            $script:lines[$i + 1] | Should -BeLike 'PS> *' -Because "step '$($script:lines[$i])' shows its command first"
        }
        $titles | Should -BeGreaterThan 5
    }

    It 'runs only PantoQa commands that a step prints' {
        # A step's command is the scriptblock under its Command key, which the demo prints and
        # then runs; a PantoQa cmdlet anywhere else would show output nobody saw typed.
        # Disconnect-PantoQa writes nothing; the demo's finally block calls it to clean up.
        $writers = @($script:exported | Where-Object { $_ -ne 'Disconnect-PantoQa' })
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($script:demoFile, [ref] $null, [ref] $null)
        $steps = @($ast.FindAll({
                    param($node)
                    $node -is [System.Management.Automation.Language.HashtableAst] -and
                    @($node.KeyValuePairs | Where-Object { "$($_.Item1)" -eq 'Command' }).Count -eq 1
                }, $true) | ForEach-Object { ($_.KeyValuePairs | Where-Object { "$($_.Item1)" -eq 'Command' }).Item2.Extent })
        $steps.Count | Should -BeGreaterThan 5
        $calls = @($ast.FindAll({
                    param($node)
                    $node -is [System.Management.Automation.Language.CommandAst] -and $writers -contains $node.GetCommandName()
                }, $true))
        $calls.Count | Should -BeGreaterThan 5
        foreach ($call in $calls) {
            $inStep = @($steps | Where-Object { $_.StartOffset -le $call.Extent.StartOffset -and $call.Extent.EndOffset -le $_.EndOffset }).Count
            $inStep | Should -Be 1 -Because "tools/Demo.ps1 line $($call.Extent.StartLineNumber), $($call.Extent.Text), is not a step's printed command"
        }
    }

    It 'uses no variable it has not shown the making of' {
        # $url is announced on the first line; the others must be set by a printed command first.
        $script:lines[0] | Should -Match '\(in \$url below\)'
        # Automatic variables the demo reads; $env: is a drive, not a variable.
        $known = @('url', '_', 'true', 'false', 'null', 'LASTEXITCODE')
        foreach ($line in $script:lines | Where-Object { $_ -like 'PS> *' -or $_ -like '>>  *' }) {
            $code = $line.Substring(4)
            foreach ($used in [regex]::Matches($code, '\$(\w+)(?![\w:])') | ForEach-Object { $_.Groups[1].Value }) {
                if ($code -match "^\s*\`$$used\s*=") { continue }
                $known | Should -Contain $used -Because "the demo prints '$code' without a printed command that sets `$$used"
            }
            if ($code -match '^\s*\$(\w+)\s*=') { $known += $Matches[1] }
        }
    }

    It 'removes the folder it worked in' {
        # -match here, not Should -Match: only the operator sets $Matches in this scope.
        $script:lines[0] -match 'working in (?<folder>.+), which is removed at the end\.$' | Should -BeTrue -Because $script:lines[0]
        $Matches.folder | Should -Not -Exist
    }
}
