# PantoQa beside another module's Polly. Every Polly 8.x has assembly version 8.0.0.0, so a
# clash never shows at import: it shows on first use, as TypeLoadException or
# MissingMethodException. Each test therefore runs the cmdlets for real (an HTTP call that the
# emulator fails once, so Polly's retry strategy runs) after the other Polly is in the session,
# and reports which file each load context took Polly from. Each runs in a fresh process: a load
# context, once filled, stays filled for the life of the process.

BeforeDiscovery {
    # Windows PowerShell 5.1 has no load contexts: there the module's Polly and another module's
    # share one AppDomain, and whichever loads first serves both.
    $NoLoadContexts = $PSEdition -eq 'Desktop'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ModulePath = Get-TestModulePath
    $ModulePolly = Join-Path $ModulePath 'core/dependencies/Polly.Core.dll'

    # tools/TestDependencies/TestDependencies.csproj downloads it; build.ps1 Test restores
    # that project whenever a package is missing. The net6.0 build comes first where there is no
    # net8.0 one: its references are all in the runtime, unlike netstandard2.0's.
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $ForeignPolly = 'net8.0', 'net6.0', 'netstandard2.0' |
        ForEach-Object { Join-Path $packages "polly.core/8.1.0/lib/$_/Polly.Core.dll" } |
        Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $ForeignPolly) {
        throw "Polly.Core 8.1.0 is not in $packages; run: dotnet restore tools/TestDependencies/TestDependencies.csproj"
    }

    # Seed 7 at rate 0.5 fails the first API request after a reset with a 503 and lets the next
    # two through (the emulator's fault sequence is a pure function of seed and request number),
    # so every test's first call succeeds only by way of a retry.
    $Emulator = Start-TestEmulator -Arguments '--fault-rate', '0.5', '--fault-kinds', '503', '--fault-seed', '7'

    # Shared by the child scripts: what they connect to and how they report.
    $Preamble = @'
$ErrorActionPreference = 'Stop'
function Connect-Emulator { Connect-PantoQa -ApiKey emulator-key -BaseUri $env:PANTOQA_TEST_URL -RetryDelayMilliseconds 10 }
function Get-LoadedPolly {
    foreach ($assembly in [AppDomain]::CurrentDomain.GetAssemblies()) {
        if ($assembly.GetName().Name -eq 'Polly.Core') {
            [pscustomobject]@{ Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).Name; Location = $assembly.Location }
        }
    }
}
'@

    function Invoke-Child {
        <# Runs the preamble and the script in a fresh process; returns the JSON it printed last. #>
        param([Parameter(Mandatory)][string] $Script)
        $result = Invoke-FreshPwsh -Script ($Preamble + "`n" + $Script) -Environment @{
            PANTOQA_TEST_MODULE = $ModulePath; PANTOQA_TEST_URL = $Emulator.Url; PANTOQA_TEST_POLLY = $ForeignPolly
        }
        $line = $result.Output | Where-Object { $_ -like '{*' } | Select-Object -Last 1
        if ($result.ExitCode -ne 0 -or -not $line) {
            throw "The child process failed (exit code $($result.ExitCode)):`n$($result.Output -join "`n")"
        }
        $line | ConvertFrom-Json
    }

    function Get-FaultsInjected { (Invoke-Emulator -Emulator $Emulator -Path '/_emulator/stats').faults_injected }
}

AfterAll {
    $Emulator | Stop-PantoEmulator
}

Describe 'PantoQa beside another Polly' -Tag 'Coexistence' {
    BeforeEach {
        Invoke-Emulator -Emulator $Emulator -Path '/_emulator/reset' -Method POST
    }

    AfterEach {
        # Without a retry the test would prove nothing about Polly at run time.
        Get-FaultsInjected | Should -BeGreaterOrEqual 1 -Because 'the first call should have been retried through Polly'
    }

    It 'works when the session loaded Polly 8.1.0 first' -Skip:$NoLoadContexts {
        $reported = Invoke-Child @'
Add-Type -Path $env:PANTOQA_TEST_POLLY
Import-Module $env:PANTOQA_TEST_MODULE
Connect-Emulator
$run = Get-PantoTestRun testrun_01
$client = $run.GetType().Assembly
[pscustomobject]@{
    RunId = $run.id
    ClientContext = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($client).Name
    Polly = @(Get-LoadedPolly)
} | ConvertTo-Json -Compress -Depth 3
'@
        $reported.RunId | Should -Be 'testrun_01'
        $reported.ClientContext | Should -Be 'PantoQa'
        ($reported.Polly | Where-Object Context -EQ 'Default').Location | Should -Be $ForeignPolly
        ($reported.Polly | Where-Object Context -EQ 'PantoQa').Location | Should -Be $ModulePolly
        ([Diagnostics.FileVersionInfo]::GetVersionInfo($ForeignPolly).FileVersion) | Should -BeLike '8.1.0*'
        ([Diagnostics.FileVersionInfo]::GetVersionInfo($ModulePolly).FileVersion) | Should -BeLike '8.9.1*'
    }

    It 'leaves the session free to load Polly 8.1.0 afterwards and use it' -Skip:$NoLoadContexts {
        $reported = Invoke-Child @'
Import-Module $env:PANTOQA_TEST_MODULE
Connect-Emulator
$before = Get-PantoTestRun testrun_01
Add-Type -Path $env:PANTOQA_TEST_POLLY
# PowerShell resolves type names from the default context only, so this is the 8.1.0 builder.
$builder = [Polly.ResiliencePipelineBuilder]::new()
$builder = [Polly.RetryResiliencePipelineBuilderExtensions]::AddRetry($builder, [Polly.Retry.RetryStrategyOptions]::new())
$pipeline = $builder.Build()
$script:executed = 0
$pipeline.Execute([Action] { $script:executed++ })
$after = Get-PantoTestRun testrun_01
[pscustomobject]@{
    RunIds = @($before.id, $after.id)
    ForeignPipeline = $pipeline.GetType().Assembly.Location
    Executed = $script:executed
    Polly = @(Get-LoadedPolly)
} | ConvertTo-Json -Compress -Depth 3
'@
        $reported.RunIds | Should -Be @('testrun_01', 'testrun_01')
        $reported.ForeignPipeline | Should -Be $ForeignPolly
        $reported.Executed | Should -Be 1
        ($reported.Polly | Where-Object Context -EQ 'Default').Location | Should -Be $ForeignPolly
        ($reported.Polly | Where-Object Context -EQ 'PantoQa').Location | Should -Be $ModulePolly
    }

    It 'imports again after Remove-Module and the cmdlets still work' {
        # The first removal comes before any cmdlet ran: PantoQa.Client is then first resolved
        # after OnRemove unhooked the resolver and the second import hooked it again.
        $reported = Invoke-Child @'
Import-Module $env:PANTOQA_TEST_MODULE
Remove-Module PantoQa
Import-Module $env:PANTOQA_TEST_MODULE
Connect-Emulator
$first = Get-PantoTestRun testrun_01
Remove-Module PantoQa
Import-Module $env:PANTOQA_TEST_MODULE
# Whether a connection outlives Remove-Module is another question; connect again.
Connect-Emulator
$second = Get-PantoTestRun testrun_01
[pscustomobject]@{
    RunIds = @($first.id, $second.id)
    Commands = @(Get-Command -Module PantoQa | ForEach-Object Name)
} | ConvertTo-Json -Compress -Depth 3
'@
        $reported.RunIds | Should -Be @('testrun_01', 'testrun_01')
        $reported.Commands.Count | Should -Be (Test-ModuleManifest (Join-Path (Get-TestModulePath) 'PantoQa.psd1')).ExportedCmdlets.Count
    }
}
