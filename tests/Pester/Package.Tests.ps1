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
    $ModulePath = Get-TestModulePath
    $ManifestPath = Join-Path $ModulePath 'PantoQa.psd1'
    $ExpectedVersion = Get-ModuleVersion -Root $RepoRoot
    $ExpectedCmdlets = @('Connect-PantoQa', 'Disconnect-PantoQa', 'Export-PantoTestReport', 'Get-PantoTestRun', 'Get-PantoTriggerRuns', 'Wait-PantoTrigger')

    function ConvertFrom-ChildJson {
        <# The last JSON line a fresh process printed; anything before it is its chatter. #>
        param([Parameter(Mandatory)] $Result)
        $line = $Result.Output | Where-Object { $_ -like '{*' } | Select-Object -Last 1
        if (-not $line) { throw "The child process printed no result (exit code $($Result.ExitCode)):`n$($Result.Output -join "`n")" }
        $line | ConvertFrom-Json
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
        $Info.Version | Should -Be ([version] $ExpectedVersion)
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
        $Installed = Join-Path $Work 'modules'
        $null = New-Item -ItemType Directory -Path $Packages, $Installed

        Publish-ModulePackage -ModulePath $ModulePath -Destination $Packages
        $Package = Join-Path $Packages "PantoQa.$ExpectedVersion.nupkg"

        # Installing goes through a registered repository, as a user's would; a unique name
        # keeps parallel runs and the user's registrations apart.
        $repository = "PantoQaTest-$([guid]::NewGuid().ToString('N'))"
        Register-PSResourceRepository -Name $repository -Uri $Packages -Trusted
        try {
            Save-PSResource -Name PantoQa -Version $ExpectedVersion -Repository $repository -Path $Installed -TrustRepository -Quiet
        }
        finally {
            Unregister-PSResourceRepository -Name $repository
        }
        $Emulator = Start-TestEmulator
    }

    AfterAll {
        $Emulator | Stop-PantoEmulator
        if ($Work) { Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'leaves the versioned nupkg holding the module' {
        $Package | Should -Exist
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try { $entries = @($zip.Entries | ForEach-Object FullName) } finally { $zip.Dispose() }
        foreach ($entry in 'PantoQa.psd1', 'PantoQa.format.ps1xml', 'LICENSE', 'CHANGELOG.md', 'core/PantoQa.dll',
            'core/dependencies/PantoQa.Client.dll', 'core/dependencies/Polly.Core.dll', 'desktop/PantoQa.dll') {
            $entries | Should -Contain $entry
        }
    }

    It 'installs, imports by name from a bare module path and gets a run from the emulator' {
        $script = @'
$ErrorActionPreference = 'Stop'
# Only the install folder and PowerShell's own modules: PantoQa must come from the package.
$env:PSModulePath = $env:PANTOQA_TEST_MODULES + [IO.Path]::PathSeparator + (Join-Path $PSHOME 'Modules')
Import-Module PantoQa
Connect-PantoQa -ApiKey emulator-key -BaseUri $env:PANTOQA_TEST_URL
$run = Get-PantoTestRun testrun_01
$module = Get-Module PantoQa
[pscustomobject]@{ ModuleBase = $module.ModuleBase; Version = "$($module.Version)"; RunId = $run.id } | ConvertTo-Json -Compress
'@
        $result = Invoke-FreshPwsh -Script $script -Environment @{ PANTOQA_TEST_MODULES = $Installed; PANTOQA_TEST_URL = $Emulator.Url }
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $reported = ConvertFrom-ChildJson $result
        $reported.RunId | Should -Be 'testrun_01'
        $reported.Version | Should -Be $ExpectedVersion
        $reported.ModuleBase | Should -BeLike "$Installed*"
    }
}
