# Release readiness: the folder build.ps1 assembles at out/PantoQa is exactly what Install-Module
# users get, so its manifest, its contents and the package made from it are checked here,
# against the already built module (no rebuild).

BeforeDiscovery {
    # PSResourceGet ships with PowerShell 7 only; Windows PowerShell 5.1 has PowerShellGet 1.0.
    $NoPSResourceGet = $PSEdition -eq 'Desktop'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $RepoRoot 'tools/BuildTools.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tools/ReleaseTools.psm1') -Force
    $ModulePath = Get-TestModulePath
    $ManifestPath = Join-Path $ModulePath 'PantoQa.psd1'
    $ExpectedVersion = Get-ModuleVersion -Root $RepoRoot
    $Release = ConvertTo-ReleaseVersion $ExpectedVersion
    $ExpectedCmdlets = @('Connect-PantoQa', 'Disconnect-PantoQa', 'Export-PantoTestReport', 'Get-PantoTestRun', 'Get-PantoTriggerRuns', 'Restart-PantoTestRun', 'Start-PantoTestFlow', 'Start-PantoTestSuite', 'Wait-PantoTrigger')

    function ConvertFrom-ChildJson {
        <# The last JSON line a fresh process printed; anything before it is its chatter. #>
        param([Parameter(Mandatory)] $Result)
        $line = $Result.Output | Where-Object { $_ -like '{*' } | Select-Object -Last 1
        if (-not $line) { throw "The child process printed no result (exit code $($Result.ExitCode)):`n$($Result.Output -join "`n")" }
        $line | ConvertFrom-Json
    }

    function Invoke-InstallerPwsh {
        <#
        .SYNOPSIS
            Runs a script that installs packages in a fresh PowerShell whose per-user folders
            (modules, repository registrations, caches) are new and empty, so installs and
            registrations never touch the user's own or another run's.
        .NOTES
            On Linux and macOS, PSResourceGet installs under HOME and PowerShellGet and
            PowerShell follow the XDG variables, so both move. Windows has no such switch: there
            the scripts use unique repository names and uninstall what they installed. The
            inherited PSModulePath goes either way, so a PantoQa installed for the user cannot
            stand in for the one under test.
        #>
        param([Parameter(Mandatory)][string] $Script, [Parameter(Mandatory)][hashtable] $Environment, [Parameter(Mandatory)][string] $Folder)
        $Environment['PSModulePath'] = Join-Path $PSHOME 'Modules'
        if (-not $IsWindows -and $PSEdition -eq 'Core') {
            $userHome = (New-Item -ItemType Directory -Force -Path (Join-Path $Folder 'home')).FullName
            $Environment['HOME'] = $userHome
            # Where they are by default under a HOME, so PowerShell's user module path and the
            # one PSResourceGet installs to (always under HOME) stay the same folder.
            foreach ($folder in @(@('DATA', '.local/share'), @('CACHE', '.cache'), @('CONFIG', '.config'))) {
                $Environment["XDG_$($folder[0])_HOME"] = Join-Path $userHome $folder[1]
            }
        }
        Invoke-FreshPwsh -Script $Script -Environment $Environment
    }
}

Describe 'The shipped manifest' -Tag 'Package' {
    BeforeAll {
        $Info = Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop
        # The manifest as written: Test-ModuleManifest reports exports already expanded, so
        # wildcards and missing keys only show in the source text.
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($ManifestPath, [ref] $null, [ref] $null)
        $table = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.HashtableAst] }, $false)
        $Written = @{}
        foreach ($pair in $table.KeyValuePairs) { $Written[$pair.Item1.Value] = $pair.Item2 }
    }

    It 'passes Test-ModuleManifest with the version stamped from Directory.Build.props' {
        $Info.Name | Should -Be 'PantoQa'
        $Info.Version | Should -Be ([version] $Release.ModuleVersion)
        $Info.PrivateData.PSData['Prerelease'] | Should -Be $(if ($Release.Prerelease) { $Release.Prerelease } else { $null })
    }

    It 'names its author, company, copyright, description and GUID' {
        $Info.Guid | Should -Be '6d16dbca-4e49-4779-bd4a-c542c641ba9f'
        $Info.Author | Should -Not -BeNullOrEmpty
        $Info.CompanyName | Should -Not -BeNullOrEmpty
        $Info.Copyright | Should -Not -BeNullOrEmpty
        $Info.Description | Should -Not -BeNullOrEmpty
    }

    It 'supports Windows PowerShell 5.1 and PowerShell 7' {
        $Info.PowerShellVersion | Should -Be ([version] '5.1')
        $Info.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
    }

    It 'exports its cmdlets by name and nothing else' {
        $Info.ExportedCmdlets.Keys | Sort-Object | Should -Be $ExpectedCmdlets
        $Info.ExportedFunctions.Count | Should -Be 0
        $Info.ExportedAliases.Count | Should -Be 0
        $Info.ExportedVariables.Count | Should -Be 0
    }

    It 'lists <_> explicitly, without wildcards' -ForEach @('CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
        # A missing key or a '*' makes PowerShell load the module to find out what it exports,
        # which slows command discovery for every session on the machine.
        $Written.ContainsKey($_) | Should -BeTrue
        $Written[$_].Extent.Text | Should -Not -Match '\*'
    }

    It 'exports no functions, aliases or variables (@())' {
        foreach ($key in 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $value = $Written[$key].PipelineElements[0].Expression.SafeGetValue()
            @($value).Count | Should -Be 0 -Because "$key should be @()"
        }
    }

    It 'ships the formats it lists' {
        $Info.ExportedFormatFiles | Should -Not -BeNullOrEmpty
        foreach ($file in $Info.ExportedFormatFiles) { $file | Should -Exist }
    }

    It 'carries the gallery metadata: tags, license, project and release notes' {
        $data = $Info.PrivateData.PSData
        foreach ($tag in 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS') {
            $data.Tags | Should -Contain $tag
        }
        $data.LicenseUri | Should -Match '^https://'
        $data.ProjectUri | Should -Match '^https://'
        $data.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'exports every cmdlet the assembly defines' {
        # Imported straight from the DLL, PowerShell exports every cmdlet class in it; a cmdlet
        # added to the code but not to CmdletsToExport would be invisible to users.
        $dll = Join-Path $ModulePath $(if ($PSEdition -eq 'Core') { 'core/PantoQa.dll' } else { 'desktop/PantoQa.dll' })
        $result = Invoke-FreshPwsh -Script "(Import-Module '$dll' -PassThru).ExportedCmdlets.Keys | Sort-Object"
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Should -Be $ExpectedCmdlets
    }
}

Describe 'The module folder' -Tag 'Package' {
    BeforeAll {
        $Files = @(Get-ChildItem $ModulePath -Recurse -File)
        $Relative = @($Files | ForEach-Object { $_.FullName.Substring($ModulePath.Length + 1).Replace('\', '/') })
    }

    It 'ships the license and the changelog' {
        $Relative | Should -Contain 'LICENSE'
        $Relative | Should -Contain 'CHANGELOG.md'
    }

    It 'leaks none of <Name>' -ForEach @(
        @{ Name = "PowerShell's own assemblies"; Patterns = @('System.Management.Automation.dll', 'Microsoft.PowerShell.*') }
        @{ Name = 'the debug symbols'; Patterns = @('*.pdb') }
        @{ Name = 'the test assemblies'; Patterns = @('xunit*', '*Tests*', 'Microsoft.TestPlatform*', 'testhost*') }
    ) {
        $leaked = $Files | Where-Object { $file = $_.Name; $Patterns | Where-Object { $file -like $_ } }
        $leaked | Should -BeNullOrEmpty
    }

    It 'gives the PowerShell 7 load context only PantoQa.Client and Polly.Core' {
        # Whatever sits in core/dependencies loads into the module's own context ahead of the
        # runtime's copy, so a stray System.* there would run beside PowerShell's own.
        Get-ChildItem (Join-Path $ModulePath 'core/dependencies') | ForEach-Object Name | Sort-Object |
            Should -Be @('PantoQa.Client.dll', 'Polly.Core.dll')
    }
}

Describe 'Importing the built module' -Tag 'Package' {
    It 'writes no warnings' {
        # A fresh process: a warning about verbs or clobbered commands shows only on first import.
        $script = @"
`$records = & { Import-Module '$ManifestPath' } 3>&1
@(`$records | Where-Object { `$_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object { "WARNING: `$_" })
'imported'
"@
        $result = Invoke-FreshPwsh -Script $script
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Should -Be @('imported')
    }
}

Describe 'The package round trip' -Tag 'Package' -Skip:$NoPSResourceGet {
    BeforeAll {
        $Work = Join-Path ([IO.Path]::GetTempPath()) "pantoqa-package-$([guid]::NewGuid().ToString('N'))"
        $Packages = Join-Path $Work 'packages'
        $null = New-Item -ItemType Directory -Path $Packages

        Publish-ModulePackage -ModulePath $ModulePath -Destination $Packages
        $Package = Join-Path $Packages "PantoQa.$ExpectedVersion.nupkg"
        $Cmdlets = @((Test-ModuleManifest -Path $ManifestPath).ExportedCmdlets.Keys | Sort-Object)
        $Emulator = Start-TestEmulator

        Add-Type -AssemblyName System.IO.Compression.FileSystem
        function Get-PackageEntry {
            param([Parameter(Mandatory)][string] $Path, [string] $Read)
            $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
            try {
                if (-not $Read) { return @($zip.Entries | ForEach-Object FullName) }
                $reader = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -EQ $Read).Open())
                try { $reader.ReadToEnd() } finally { $reader.Dispose() }
            }
            finally { $zip.Dispose() }
        }

        # Both installers are told the same: a new file repository with this one package in it.
        $InstallEnvironment = @{
            PANTOQA_TEST_PACKAGES = $Packages; PANTOQA_TEST_VERSION = $ExpectedVersion
            PANTOQA_TEST_URL = $Emulator.Url; PANTOQA_TEST_CMDLETS = ($Cmdlets -join ',')
        }
    }

    AfterAll {
        $Emulator | Stop-PantoEmulator
        if ($Work) { Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'leaves the versioned nupkg holding the module' {
        $Package | Should -Exist
        $entries = Get-PackageEntry $Package
        foreach ($entry in 'PantoQa.psd1', 'PantoQa.format.ps1xml', 'LICENSE', 'CHANGELOG.md', 'core/PantoQa.dll',
            'core/dependencies/PantoQa.Client.dll', 'core/dependencies/Polly.Core.dll', 'desktop/PantoQa.dll') {
            $entries | Should -Contain $entry
        }
    }

    It 'tags the package PSModule and PSIncludes_Cmdlet, and PSCmdlet_/PSCommand_ for each exported cmdlet' {
        [xml] $nuspec = Get-PackageEntry $Package -Read 'PantoQa.nuspec'
        $tags = @($nuspec.package.metadata.tags -split ' ')
        @($tags | Where-Object { $_ -eq 'PSModule' }).Count | Should -Be 1
        $tags | Should -Contain 'PSIncludes_Cmdlet'
        $Cmdlets.Count | Should -BeGreaterThan 0
        foreach ($cmdlet in $Cmdlets) {
            $tags | Should -Contain "PSCmdlet_$cmdlet"
            $tags | Should -Contain "PSCommand_$cmdlet"
        }
        $tags.Count | Should -Be @($tags | Select-Object -Unique).Count -Because 'no tag is repeated'
    }

    It 'is found by every exported cmdlet name, installed and imported by Install-Module (PowerShellGet 2)' {
        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module PowerShellGet -MinimumVersion 2.2.5
$repository = "PantoQaTest-$([guid]::NewGuid().ToString('N'))"
Register-PSRepository -Name $repository -SourceLocation $env:PANTOQA_TEST_PACKAGES -InstallationPolicy Trusted
try {
    $cmdlets = $env:PANTOQA_TEST_CMDLETS -split ','
    $byCommand = @(Find-Command -Name $cmdlets -Repository $repository | ForEach-Object { "$($_.Name) $($_.ModuleName)" })
    $byModule = foreach ($cmdlet in $cmdlets) { "$cmdlet " + (@(Find-Module -Command $cmdlet -Repository $repository | ForEach-Object Name) -join ',') }
    # A name no package exports finds nothing, so the finds above are real tag searches.
    $unknown = @(Find-Module -Command Get-PantoNoSuchCmdlet -Repository $repository).Count
    Install-Module PantoQa -Repository $repository -RequiredVersion $env:PANTOQA_TEST_VERSION -AllowPrerelease -Scope CurrentUser
    try {
        $installed = (Get-InstalledModule PantoQa -AllowPrerelease).InstalledLocation
        Import-Module PantoQa
        Connect-PantoQa -ApiKey emulator-key -BaseUri $env:PANTOQA_TEST_URL
        $run = Get-PantoTestRun testrun_01
        $module = Get-Module PantoQa
        [pscustomobject]@{ ByCommand = $byCommand; ByModule = @($byModule); Unknown = $unknown; Installed = $installed; ModuleBase = $module.ModuleBase; RunId = $run.id } | ConvertTo-Json -Compress -Depth 4
    }
    finally {
        Remove-Module PantoQa -ErrorAction SilentlyContinue
        Uninstall-Module PantoQa -RequiredVersion $env:PANTOQA_TEST_VERSION -AllowPrerelease -ErrorAction SilentlyContinue
    }
}
finally {
    Unregister-PSRepository -Name $repository
}
'@
        $result = Invoke-InstallerPwsh -Script $script -Environment $InstallEnvironment.Clone() -Folder (Join-Path $Work 'powershellget')
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $reported = ConvertFrom-ChildJson $result
        $reported.ByCommand | Sort-Object | Should -Be @($Cmdlets | ForEach-Object { "$_ PantoQa" }) -Because 'Find-Command finds every exported cmdlet in PantoQa'
        $reported.ByModule | Should -Be @($Cmdlets | ForEach-Object { "$_ PantoQa" }) -Because 'Find-Module -Command finds PantoQa by each cmdlet'
        $reported.Unknown | Should -Be 0
        $reported.RunId | Should -Be 'testrun_01'
        $reported.ModuleBase | Should -Be $reported.Installed
        $reported.ModuleBase | Should -Not -BeLike "$ModulePath*"
    }

    It 'is installed and imported by Install-PSResource' {
        $script = @'
$ErrorActionPreference = 'Stop'
$repository = "PantoQaTest-$([guid]::NewGuid().ToString('N'))"
# PSResourceGet cannot register a repository while its data folder is missing, as for a new user.
$null = New-Item -ItemType Directory -Force -Path ([Environment]::GetFolderPath('LocalApplicationData', 'DoNotVerify'))
Register-PSResourceRepository -Name $repository -Uri $env:PANTOQA_TEST_PACKAGES -Trusted
try {
    Install-PSResource -Name PantoQa -Version $env:PANTOQA_TEST_VERSION -Prerelease -Repository $repository -Scope CurrentUser -Quiet
    try {
        $installed = (Get-InstalledPSResource PantoQa -Version $env:PANTOQA_TEST_VERSION).InstalledLocation
        Import-Module PantoQa
        Connect-PantoQa -ApiKey emulator-key -BaseUri $env:PANTOQA_TEST_URL
        $run = Get-PantoTestRun testrun_01
        $module = Get-Module PantoQa
        [pscustomobject]@{ Installed = $installed; ModuleBase = $module.ModuleBase; Version = "$($module.Version)"; RunId = $run.id } | ConvertTo-Json -Compress
    }
    finally {
        Remove-Module PantoQa -ErrorAction SilentlyContinue
        Uninstall-PSResource -Name PantoQa -Version $env:PANTOQA_TEST_VERSION -Prerelease:($env:PANTOQA_TEST_VERSION -like '*-*') -ErrorAction SilentlyContinue
    }
}
finally {
    Unregister-PSResourceRepository -Name $repository
}
'@
        $result = Invoke-InstallerPwsh -Script $script -Environment $InstallEnvironment.Clone() -Folder (Join-Path $Work 'psresourceget')
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $reported = ConvertFrom-ChildJson $result
        $reported.RunId | Should -Be 'testrun_01'
        $reported.Version | Should -Be $Release.ModuleVersion
        $reported.ModuleBase | Should -BeLike "$($reported.Installed)*"
        $reported.ModuleBase | Should -Not -BeLike "$ModulePath*"
    }

    It 'carries a prerelease label as PSData.Prerelease and in the package version' {
        # The built module restamped as a prerelease, as a tag such as v9.8.7-beta1 would build it.
        $prerelease = Join-Path $Work 'prerelease/PantoQa'
        Copy-Folder -Source $ModulePath -Destination $prerelease
        $source = Get-Content -Raw (Join-Path $RepoRoot 'PantoQa.psd1')
        Set-Content -Path (Join-Path $prerelease 'PantoQa.psd1') -Value (Set-ManifestVersion -Text $source -Version '9.8.7-beta1') -NoNewline
        $info = Test-ModuleManifest (Join-Path $prerelease 'PantoQa.psd1')
        $info.Version | Should -Be ([version] '9.8.7')
        $info.PrivateData.PSData['Prerelease'] | Should -Be 'beta1'

        $feed = Join-Path $Work 'prerelease-feed'
        $null = New-Item -ItemType Directory -Path $feed
        Publish-ModulePackage -ModulePath $prerelease -Destination $feed
        $package = Join-Path $feed 'PantoQa.9.8.7-beta1.nupkg'
        $package | Should -Exist
        [xml] $nuspec = Get-PackageEntry $package -Read 'PantoQa.nuspec'
        $nuspec.package.metadata.version | Should -Be '9.8.7-beta1'
    }
}
