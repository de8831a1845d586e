# The release path: the tag and changelog checks the release workflow runs, one version stamped
# everywhere, and the workflow files themselves against GitHub's schema.

BeforeDiscovery {
    # PSResourceGet ships with PowerShell 7 only.
    $NoPSResourceGet = $PSEdition -eq 'Desktop'
    $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $Workflows = @(Get-ChildItem (Join-Path $RepoRoot '.github/workflows') -Include '*.yml', '*.yaml' -Recurse |
            ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $RepoRoot 'tools/BuildTools.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tools/ReleaseTools.psm1') -Force
    $Version = Get-ModuleVersion -Root $RepoRoot
    $CheckScript = Join-Path $RepoRoot 'tools/Test-ReleaseTag.ps1'

    function Invoke-ReleaseCheck {
        <# Runs the check script in a new process, as the workflow does, and returns its exit code and output. #>
        param([Parameter(Mandatory)][string] $Tag, [Parameter(Mandatory)][string] $Root, [string] $NotesPath)
        $pwsh = Get-PwshCommand
        $arguments = @('-NoProfile', '-NonInteractive', '-File', $CheckScript, '-Tag', $Tag, '-Root', $Root)
        if ($NotesPath) { $arguments += @('-NotesPath', $NotesPath) }
        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) @arguments 2>&1
        # PowerShell wraps and colours the error it prints; the message is matched as one line.
        $text = (@($output | ForEach-Object { "$_" }) -join "`n") -replace "\e\[[\d;]*m", '' -replace '\s*\r?\n\s*(\|\s*)?', ' '
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $text }
    }

    function New-ReleaseRoot {
        <# A throwaway repository root with this version in Directory.Build.props and this CHANGELOG.md text. #>
        param([Parameter(Mandatory)][string] $Version, [string] $Changelog)
        $root = Join-Path ([IO.Path]::GetTempPath()) "pantoqa-release-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory -Path $root
        Set-Content -Path (Join-Path $root 'Directory.Build.props') -Value "<Project><PropertyGroup><Version>$Version</Version></PropertyGroup></Project>"
        if ($Changelog) { Set-Content -Path (Join-Path $root 'CHANGELOG.md') -Value $Changelog }
        $root
    }
}

Describe 'The release tag check' -Tag 'Release' {
    BeforeAll {
        $Changelog = @'
# Changelog

## [Unreleased]

- Something not released yet.

## [1.2.0-beta1] - 2026-12-01

### Added

- `Start-PantoTestFlow`.

## [1.1.0] - 2026-11-01

- Older.

[Unreleased]: https://example.invalid/compare/v1.2.0-beta1...HEAD
'@
        $Root = New-ReleaseRoot -Version '1.2.0-beta1' -Changelog $Changelog
    }

    AfterAll {
        if ($Root) { Remove-Item $Root -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'accepts the tag of the version, and writes that version''s changelog section as the notes' {
        $notes = Join-Path $Root 'out/notes.md'
        $result = Invoke-ReleaseCheck -Tag 'v1.2.0-beta1' -Root $Root -NotesPath $notes
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'module version 1\.2\.0, prerelease ''beta1'''
        (Get-Content -Raw $notes).Trim() | Should -Be "### Added`n`n- ``Start-PantoTestFlow``."
    }

    It 'rejects <Tag>: <Why>' -ForEach @(
        @{ Tag = 'v1.2.0'; Why = 'not the version in Directory.Build.props'; Expected = 'does not match the version 1\.2\.0-beta1 in Directory\.Build\.props' }
        @{ Tag = 'v1.2.0-beta2'; Why = 'another prerelease of it'; Expected = 'does not match the version 1\.2\.0-beta1 in Directory\.Build\.props' }
        @{ Tag = '1.2.0-beta1'; Why = 'no v'; Expected = 'not a release tag' }
        @{ Tag = 'v1.2'; Why = 'not MAJOR.MINOR.PATCH'; Expected = 'not a release version' }
    ) {
        $result = Invoke-ReleaseCheck -Tag $Tag -Root $Root
        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match $Expected
    }

    It 'rejects a prerelease label the Gallery cannot take (<Version>)' -ForEach @(
        @{ Version = '1.2.0-beta.1' }
    ) {
        $root = New-ReleaseRoot -Version $Version -Changelog "## [$Version]`n`n- Something.`n"
        try {
            $result = Invoke-ReleaseCheck -Tag "v$Version" -Root $root
            $result.ExitCode | Should -Not -Be 0
            $result.Output | Should -Match 'letters and digits'
        }
        finally { Remove-Item $root -Recurse -Force }
    }

    It 'rejects a version with no changelog section, or an empty one' {
        # 1.3.0 only under Unreleased; 1.4.0 with a heading and nothing under it; 1.5.0 with no CHANGELOG.md at all.
        foreach ($case in @(
                @{ Version = '1.3.0'; Changelog = "## [Unreleased]`n`n- For 1.3.0.`n`n## [1.2.0] - 2026-12-01`n`n- Old.`n" }
                @{ Version = '1.4.0'; Changelog = "## [Unreleased]`n`n## [1.4.0] - 2026-12-02`n`n## [1.3.0] - 2026-12-01`n`n- Old.`n" }
                @{ Version = '1.5.0'; Changelog = $null }
            )) {
            $root = New-ReleaseRoot -Version $case.Version -Changelog $case.Changelog
            try {
                $result = Invoke-ReleaseCheck -Tag "v$($case.Version)" -Root $root
                $result.ExitCode | Should -Not -Be 0 -Because "$($case.Version) has no notes"
                $result.Output | Should -Match "CHANGELOG\.md has no section for $([regex]::Escape($case.Version))"
            }
            finally { Remove-Item $root -Recurse -Force }
        }
    }

    It 'passes for this repository''s own version, as the pull request dry run checks' {
        $result = Invoke-ReleaseCheck -Tag "v$Version" -Root $RepoRoot
        $result.ExitCode | Should -Be 0 -Because $result.Output
    }
}

Describe 'One version' -Tag 'Release' {
    It 'stamps <Name> with the version of Directory.Build.props' -ForEach @(
        @{ Name = 'the PowerShell 7 cmdlet assembly'; Path = 'out/PantoQa/core/PantoQa.dll' }
        @{ Name = 'the Windows PowerShell cmdlet assembly'; Path = 'out/PantoQa/desktop/PantoQa.dll' }
        @{ Name = 'the client core'; Path = 'out/PantoQa/core/dependencies/PantoQa.Client.dll' }
        @{ Name = 'the emulator'; Path = 'out/emulator/PantoQa.Emulator.dll' }
    ) {
        $release = ConvertTo-ReleaseVersion $Version
        $info = [Diagnostics.FileVersionInfo]::GetVersionInfo((Join-Path $RepoRoot $Path))
        # The informational version may carry the commit after a '+'.
        ($info.ProductVersion -split '\+')[0] | Should -Be $Version
        $info.FileVersion | Should -Be "$($release.ModuleVersion).0"
    }

    It 'has one Version element, in Directory.Build.props, and no project sets its own' {
        [xml] $props = Get-Content -Raw (Join-Path $RepoRoot 'Directory.Build.props')
        @($props.Project.PropertyGroup | ForEach-Object { $_.Version } | Where-Object { $_ }).Count | Should -Be 1
        $projects = Get-ChildItem (Join-Path $RepoRoot 'src'), (Join-Path $RepoRoot 'tests') -Recurse -Filter '*.csproj'
        $projects | Where-Object { (Get-Content -Raw $_.FullName) -match '<(Version|VersionPrefix|PackageVersion|AssemblyVersion)>' } |
            Should -BeNullOrEmpty
    }
}

Describe 'Publishing, as build.ps1 Publish does it' -Tag 'Release' -Skip:$NoPSResourceGet {
    BeforeAll {
        $Work = Join-Path ([IO.Path]::GetTempPath()) "pantoqa-publish-$([guid]::NewGuid().ToString('N'))"
        $Packages = Join-Path $Work 'packages'
        $null = New-Item -ItemType Directory -Path $Packages
        Publish-ModulePackage -ModulePath (Get-TestModulePath) -Destination $Packages
        $null = New-TestToolPackage -Destination $Packages

        # Unique names, unregistered after: other runs on this machine share the registrations.
        $Local = "PantoQaPublishTest-$([guid]::NewGuid().ToString('N'))"
        $Remote = "PantoQaPublishTest-$([guid]::NewGuid().ToString('N'))"
        $Gallery = (New-Item -ItemType Directory -Path (Join-Path $Work 'gallery')).FullName
        Register-PSResourceRepository -Name $Local -Uri $Gallery -Trusted
        # Never reached: the missing key stops the publish first.
        Register-PSResourceRepository -Name $Remote -Uri 'https://127.0.0.1:9/api/v2' -Trusted

        $SavedKeys = @{}
        foreach ($name in 'PSGALLERY_API_KEY', 'NUGET_API_KEY') {
            $SavedKeys[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
    }

    AfterAll {
        foreach ($name in @($SavedKeys.Keys)) { [Environment]::SetEnvironmentVariable($name, $SavedKeys[$name]) }
        foreach ($name in $Local, $Remote) { Unregister-PSResourceRepository -Name $name -ErrorAction SilentlyContinue }
        if ($Work) { Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'refuses a remote repository without PSGALLERY_API_KEY, and publishes nothing' {
        { Publish-ReleasePackage -PackageDirectory $Packages -Repository $Remote -ToolSource (Join-Path $Work 'unused') } |
            Should -Throw '*needs its API key in the PSGALLERY_API_KEY environment variable*'
        Join-Path $Work 'unused' | Should -Not -Exist
    }

    It 'refuses a remote tool source without NUGET_API_KEY, before publishing the module' {
        { Publish-ReleasePackage -PackageDirectory $Packages -Repository $Local -ToolSource 'https://127.0.0.1:9/v3/index.json' } |
            Should -Throw '*needs its API key in the NUGET_API_KEY environment variable*'
        Get-ChildItem $Gallery | Should -BeNullOrEmpty
    }

    It 'publishes the module to a local repository and the tool to a folder feed, the dry run' {
        $feed = Join-Path $Work 'feed'
        Publish-ReleasePackage -PackageDirectory $Packages -Repository $Local -ToolSource $feed
        @(Get-ChildItem $Gallery -Recurse -Filter *.nupkg | ForEach-Object Name) | Should -Be @("PantoQa.$Version.nupkg")
        @(Get-ChildItem $feed -Recurse -Filter *.nupkg | ForEach-Object Name) | Should -Be @("PantoQa.Emulator.$Version.nupkg")
        (Find-PSResource -Name PantoQa -Repository $Local -Prerelease).Name | Should -Be 'PantoQa'
    }
}

Describe 'The release workflow' -Tag 'Release' {
    BeforeAll {
        $ReleaseYml = Get-Content -Raw (Join-Path $RepoRoot '.github/workflows/release.yml')
        $CiYml = Get-Content -Raw (Join-Path $RepoRoot '.github/workflows/ci.yml')
    }

    It 'runs on v* tags and on pull requests' {
        $ReleaseYml | Should -Match "(?m)^\s+tags:\s*\[\s*'v\*'\s*\]"
        $ReleaseYml | Should -Match '(?m)^\s+pull_request:'
    }

    It 'reuses the CI workflow for its tests rather than copying its jobs' {
        $ReleaseYml | Should -Match '(?m)^\s+uses:\s*\./\.github/workflows/ci\.yml\s*$'
        $CiYml | Should -Match '(?m)^\s+workflow_call:'
    }

    It 'runs the same tag check and the same build.ps1 Publish for the release and the dry run' {
        $ReleaseYml | Should -Match 'tools/Test-ReleaseTag\.ps1'
        @([regex]::Matches($ReleaseYml, '\./build\.ps1 Publish ')).Count | Should -Be 1
    }

    It 'passes the keys only through the environment, and only to a tag push' {
        foreach ($secret in 'PSGALLERY_API_KEY', 'NUGET_API_KEY') {
            $uses = @([regex]::Matches($ReleaseYml, "secrets\.$secret\b"))
            $uses.Count | Should -Be 1
            $ReleaseYml | Should -Match "(?m)^\s+$($secret):\s*\`$\{\{\s*github\.event_name == 'push' && secrets\.$secret \|\| ''\s*\}\}"
        }
        $ReleaseYml | Should -Not -Match '(?i)-ApiKey|--api-key'
    }
}

Describe 'Workflow <Name>' -Tag 'Release' -ForEach $Workflows {
    BeforeAll {
        $Validator = Join-Path $RepoRoot 'node_modules/@action-validator/cli/cli.mjs'
    }

    It 'passes the action-validator schema check' {
        if (-not (Get-Command node -ErrorAction SilentlyContinue) -or -not (Test-Path $Validator)) {
            # build.ps1 Test installs it with npm ci wherever npm is.
            Set-ItResult -Skipped -Because 'Node.js or @action-validator/cli is not installed here; install Node.js and run build.ps1 Test to validate the workflows (CI has them)'
            return
        }
        $output = & node $Validator $Path 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
    }
}
