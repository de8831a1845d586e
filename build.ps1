<#
.SYNOPSIS
    The one entry point for building, testing, demonstrating and packaging PantoQa.
.DESCRIPTION
    Build     compiles everything and assembles the importable module at out/PantoQa and the
              emulator at out/emulator.
    Test      Build, then the xunit suites, then the Pester suite in a fresh process, once
              against the module and once against its desktop/ (netstandard2.0) build. The last
              line is "N passed, N failed" over all of them, after the reason for any suite that
              crashed or ran short; the exit code is non-zero on any failure.
    Demo      Build, start the emulator, and show the module's main job against it.
    Emulator  Build the emulator and run it in the foreground (arguments after -EmulatorArgs).
    Package   Build, then publish out/PantoQa to a local repository as out/PantoQa.<version>.nupkg.
    Bench     Build, then run the side-by-side benchmark under bench/.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
.EXAMPLE
    dotnet pwsh ./build.ps1 Emulator -EmulatorArgs '--urls', 'http://127.0.0.1:5080'
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Emulator', 'Package', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester tags to leave out, for example -ExcludeTag Reliability (the minutes-long tests under load).
    [string[]] $ExcludeTag = @(),

    # Passed through to the emulator by the Emulator task.
    [string[]] $EmulatorArgs = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'PantoQa'
$EmulatorOut = Join-Path $Out 'emulator'
$ResultsDir = Join-Path $Out 'test-results'

Import-Module (Join-Path $Root 'tools/BuildTools.psm1') -Force
Import-Module (Join-Path $Root 'tools/TestResults.psm1') -Force

function Invoke-Build {
    Invoke-Native dotnet build (Join-Path $Root 'PantoQa.sln') -c $Configuration --nologo -v:minimal
    $version = Get-ModuleVersion -Root $Root
    Build-ModuleFolder -Root $Root -Configuration $Configuration -Destination $ModuleOut -Version $version
    Copy-Folder -Source (Join-Path $Root "src/PantoQa.Emulator/bin/$Configuration/net10.0") -Destination $EmulatorOut
    Write-Host "Module $version at $ModuleOut; emulator at $EmulatorOut"
}

function Invoke-Test {
    Invoke-Build
    if (Test-Path $ResultsDir) { Remove-Item $ResultsDir -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ResultsDir

    $suites = @(Invoke-XunitSuites -Root $Root -Configuration $Configuration -ResultsDir $ResultsDir)
    $suites += Invoke-PesterSuite -Root $Root -ResultsDir $ResultsDir -ExcludeTag $ExcludeTag
    $suites += Invoke-PesterSuite -Root $Root -ResultsDir $ResultsDir -ExcludeTag $ExcludeTag -Target Desktop
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
    'Package' {
        Invoke-Build
        Publish-ModulePackage -ModulePath $ModuleOut -Destination $Out
    }
    'Bench' {
        Invoke-Build
        & (Join-Path $Root 'bench/Invoke-Benchmark.ps1') -ModulePath $ModuleOut -EmulatorPath $EmulatorOut
    }
}
