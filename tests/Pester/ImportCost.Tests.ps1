# What Import-Module PantoQa costs. Import should only hook the dependency resolver: the client
# core and Polly load on the first cmdlet call. The time is measured in fresh processes and
# printed, not asserted tightly: a shared CI machine's timings say little about the module.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $ManifestPath = Join-Path (Get-TestModulePath) 'PantoQa.psd1'

    # A manifest that exports nothing, imported first to take PowerShell's one-off cost of the
    # first import in a session out of the figure.
    $EmptyManifest = Join-Path $TestDrive 'Empty/Empty.psd1'
    $null = New-Item -ItemType Directory -Path (Split-Path $EmptyManifest)
    Set-Content -Path $EmptyManifest -Value "@{ ModuleVersion = '1.0'; GUID = '$([guid]::NewGuid())'; FunctionsToExport = @(); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }"

    function Measure-Import {
        <#
        .SYNOPSIS
            Times Import-Module inside each of $Count fresh processes, after $Before imported
            untimed: wall-clock and the process's CPU time, in milliseconds. On a busy machine
            the CPU time is the steadier of the two.
        #>
        param([Parameter(Mandatory)][string] $Path, [string] $Before, [int] $Count = 5)
        $warm = if ($Before) { "Import-Module '$Before'" } else { '' }
        $script = @"
$warm
`$process = [System.Diagnostics.Process]::GetCurrentProcess()
`$cpu = `$process.TotalProcessorTime
`$watch = [System.Diagnostics.Stopwatch]::StartNew()
Import-Module '$Path'
`$watch.Stop()
`$process.Refresh()
'ms={0} {1}' -f `$watch.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture), (`$process.TotalProcessorTime - `$cpu).TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)
"@
        foreach ($i in 1..$Count) {
            $result = Invoke-FreshPwsh -Script $script
            $line = $result.Output | Where-Object { $_ -like 'ms=*' }
            if ($result.ExitCode -ne 0 -or -not $line) { throw "Timing the import failed:`n$($result.Output -join "`n")" }
            $wall, $cpu = $line.Substring(3) -split ' '
            [pscustomobject]@{ Wall = [double]::Parse($wall, [cultureinfo]::InvariantCulture); Cpu = [double]::Parse($cpu, [cultureinfo]::InvariantCulture) }
        }
    }

    function Get-Median {
        param([double[]] $Values)
        $sorted = @($Values | Sort-Object)
        $middle = [math]::Floor($sorted.Count / 2)
        if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
    }
}

Describe 'Importing PantoQa' -Tag 'ImportCost' {
    It 'loads neither PantoQa.Client nor Polly' {
        $script = @"
Import-Module '$ManifestPath'
[AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { `$_.GetName().Name } |
    Where-Object { `$_ -like 'PantoQa*' -or `$_ -like 'Polly*' } | Sort-Object | ForEach-Object { "loaded=`$_" }
'done'
"@
        # PowerShell replays a startup JIT profile that the last process of this user wrote, on
        # a background thread; after a process that used the cmdlets, that replay can load
        # PantoQa.Client through our resolver, whatever the import did. Turning the replay off
        # (it needs more CPUs than any machine has) leaves only what the import loads.
        $result = Invoke-FreshPwsh -Script $script -Environment @{ DOTNET_MultiCoreJitMinNumCpus = '4096' }
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Should -Be @('loaded=PantoQa', 'done')
    }

    It 'prints its median time and stays under a generous bound' -Tag 'RealTime' {
        # The first import also pays for PowerShell's module machinery; the second figure is
        # PantoQa's own share, as in a session that imported anything before it.
        $cold = @(Measure-Import -Path $ManifestPath)
        $warm = @(Measure-Import -Path $ManifestPath -Before $EmptyManifest)
        Write-Host ("Import-Module PantoQa, median of 5 fresh processes: {0:N0} ms ({1:N0} ms CPU) as the session's first import, {2:N0} ms ({3:N0} ms CPU) after another module" -f
            (Get-Median $cold.Wall), (Get-Median $cold.Cpu), (Get-Median $warm.Wall), (Get-Median $warm.Cpu))
        # Only a bound that catches work that has no place in import (network, loading the
        # client, scanning folders); the figures above are the ones to watch.
        Get-Median $cold.Wall | Should -BeLessThan 5000
    }
}
