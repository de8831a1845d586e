# What the docs state about behaviour the code decides, checked against the code, so the two
# cannot drift apart again unseen.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:emulator = Start-TestEmulator
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
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
