# What the docs state about behaviour the code decides, checked against the code, so the two
# cannot drift apart again unseen.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
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
