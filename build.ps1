<#
.SYNOPSIS
    The one entry point for building, testing, demonstrating and packaging PantoQa.
.DESCRIPTION
    Build     compiles everything and assembles the importable module at out/PantoQa and the
              emulator at out/emulator.
    Test      Build, then the xunit suites side by side, then the Pester suite spread over
              worker processes, once against the module and once against its desktop/
              (netstandard2.0) build (see CONTRIBUTING.md). The last line is "N passed, N
              failed" over all of them, after the reason for any suite that crashed or ran
              short; the exit code is non-zero on any failure. -Fast runs only the unit tiers:
              the xunit suites and the Pester files that need no emulator.
    Demo      Build, start the emulator, and show the module's main job against it.
    Emulator  Build the emulator and run it in the foreground (arguments after -EmulatorArgs).
    Package   Build, then make both packages in out/packages: the module, PantoQa.<version>.nupkg,
              and the emulator as a .NET tool, PantoQa.Emulator.<version>.nupkg.
    Publish   Package, then publish the module to the PSResource repository -Repository and the
              tool to the NuGet source -ToolSource (a URL or a folder). Keys come only from
              PSGALLERY_API_KEY and NUGET_API_KEY. The release workflow and its pull request
              dry run both use it.
    Bench     Build, then run the side-by-side benchmark under bench/.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
.EXAMPLE
    dotnet pwsh ./build.ps1 Emulator -EmulatorArgs '--urls', 'http://127.0.0.1:5080'
.EXAMPLE
    dotnet pwsh ./build.ps1 Publish -Repository PSGallery -ToolSource https://api.nuget.org/v3/index.json
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Emulator', 'Package', 'Publish', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester tags to leave out, for example -ExcludeTag Reliability (the minutes-long tests under load).
    [string[]] $ExcludeTag = @(),

    # Test: only the unit tiers, for the inner loop.
    [switch] $Fast,

    # Test: how many Pester worker processes run at once.
    [ValidateRange(1, 16)]
    [int] $TestWorkers = 5,

    # Passed through to the emulator by the Emulator task.
    [string[]] $EmulatorArgs = @(),

    # Publish: the registered PSResource repository that takes the module, such as PSGallery.
    [string] $Repository,

    # Publish: the NuGet source URL or folder that takes the emulator tool package.
    [string] $ToolSource
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'PantoQa'
$EmulatorOut = Join-Path $Out 'emulator'
$ResultsDir = Join-Path $Out 'test-results'
$PackagesOut = Join-Path $Out 'packages'

Import-Module (Join-Path $Root 'tools/BuildTools.psm1') -Force
Import-Module (Join-Path $Root 'tools/ReleaseTools.psm1') -Force
Import-Module (Join-Path $Root 'tools/TestResults.psm1') -Force
Import-Module (Join-Path $Root 'tools/TestRun.psm1') -Force

function Invoke-Build {
    Invoke-Native dotnet build (Join-Path $Root 'PantoQa.sln') -c $Configuration --nologo -v:minimal
    $version = Get-ModuleVersion -Root $Root
    Build-ModuleFolder -Root $Root -Configuration $Configuration -Destination $ModuleOut -Version $version
    Copy-Folder -Source (Join-Path $Root "src/PantoQa.Emulator/bin/$Configuration/net10.0") -Destination $EmulatorOut
    Write-Host "Module $version at $ModuleOut; emulator at $EmulatorOut"
}

function Invoke-Package {
    Invoke-Build
    if (Test-Path $PackagesOut) { Remove-Item $PackagesOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $PackagesOut
    Publish-ModulePackage -ModulePath $ModuleOut -Destination $PackagesOut
    Invoke-Native dotnet pack (Join-Path $Root 'src/PantoQa.Emulator') -c $Configuration --no-build --nologo -v:minimal -o $PackagesOut
}

function Invoke-Test {
    $phases = [ordered]@{}
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Invoke-Build
    $phases['build'] = $clock.Elapsed
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ResultsDir
    Install-NodeTestDependencies -Root $Root
    $phases['npm'] = $clock.Elapsed

    $suites = @(Invoke-XunitSuites -Root $Root -Configuration $Configuration -ResultsDir $ResultsDir)
    $phases['xunit'] = $clock.Elapsed
    $targets = if ($Fast) { @('Manifest') } else { @('Manifest', 'Desktop') }
    $suites += Invoke-PesterSuites -Root $Root -ResultsDir $ResultsDir -ExcludeTag $ExcludeTag -Target $targets -Fast:$Fast -Workers $TestWorkers
    $phases['pester'] = $clock.Elapsed
    $last = [TimeSpan]::Zero
    Write-Host (($phases.Keys | ForEach-Object { $took = $phases[$_] - $last; $last = $phases[$_]; '{0} {1:0} s' -f $_, $took.TotalSeconds }) -join ', ')
    $failed = Write-TestSummary -Suites $suites
    if ($failed -gt 0) { exit 1 }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' {
        Invoke-Build
        & (Join-Path $Root 'tools/Demo.ps1') -ModulePath $ModuleOut -EmulatorPath $EmulatorOut
    }
    'Emulator' {
        Invoke-Native dotnet build (Join-Path $Root 'src/PantoQa.Emulator') -c $Configuration --nologo -v:minimal
        Copy-Folder -Source (Join-Path $Root "src/PantoQa.Emulator/bin/$Configuration/net10.0") -Destination $EmulatorOut
        & dotnet (Join-Path $EmulatorOut 'PantoQa.Emulator.dll') @EmulatorArgs
        exit $LASTEXITCODE
    }
    'Package' { Invoke-Package }
    'Publish' {
        if (-not $Repository -or -not $ToolSource) { throw 'Publish needs -Repository and -ToolSource.' }
        Invoke-Package
        Publish-ReleasePackage -PackageDirectory $PackagesOut -Repository $Repository -ToolSource $ToolSource
    }
    'Bench' {
        Invoke-Build
        & (Join-Path $Root 'bench/Invoke-Benchmark.ps1') -ModulePath $ModuleOut -EmulatorPath $EmulatorOut
    }
}
