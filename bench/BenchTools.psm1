# Helpers for Invoke-Benchmark.ps1: fresh PowerShell processes that report JSON, medians, the
# machine's description, and the results table in both console and Markdown form.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

Import-Module (Join-Path $PSScriptRoot '../tools/BuildTools.psm1')

function Invoke-BenchProcess {
    <#
    .SYNOPSIS
        Runs a scenario script in a fresh PowerShell process and returns the object it printed
        as JSON on its last line of output.
    .NOTES
        Fresh processes keep one scenario's JIT, caches and heap out of another's figures.
    #>
    param([Parameter(Mandatory)][string] $Script, [hashtable] $Parameters = @{}, [hashtable] $Environment = @{})
    Receive-BenchProcess (Start-BenchProcess -Script $Script -Parameters $Parameters -Environment $Environment)
}

function Start-BenchProcess {
    <# Like Invoke-BenchProcess, but returns at once; Receive-BenchProcess collects the result. #>
    param([Parameter(Mandatory)][string] $Script, [hashtable] $Parameters = @{}, [hashtable] $Environment = @{})
    $pwsh = Get-PwshCommand
    $start = [System.Diagnostics.ProcessStartInfo]::new($pwsh[0])
    foreach ($part in @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $Script)) { $start.ArgumentList.Add($part) }
    foreach ($name in $Parameters.Keys) {
        $start.ArgumentList.Add("-$name")
        $start.ArgumentList.Add([string] $Parameters[$name])
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = [string] $Environment[$name] }
    $process = [System.Diagnostics.Process]::Start($start)
    [pscustomobject]@{
        Name    = Split-Path $Script -Leaf
        Process = $process
        Output  = $process.StandardOutput.ReadToEndAsync()
        Errors  = $process.StandardError.ReadToEndAsync()
    }
}

function Receive-BenchProcess {
    param([Parameter(Mandatory)] $Started)
    $Started.Process.WaitForExit()
    $lines = @($Started.Output.Result -split "`r?`n" | Where-Object { $_ })
    if ($Started.Process.ExitCode -ne 0 -or $lines.Count -eq 0) {
        throw "$($Started.Name) failed with exit code $($Started.Process.ExitCode):`n$($lines -join "`n")`n$($Started.Errors.Result)"
    }
    $lines[-1] | ConvertFrom-Json
}

function Get-Median {
    param([Parameter(Mandatory)][double[]] $Values)
    $sorted = @($Values | Sort-Object)
    $middle = [math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { return $sorted[$middle] }
    return ($sorted[$middle - 1] + $sorted[$middle]) / 2
}

function Get-LoadAverage {
    <# The one-minute load average where the OS exposes it; the machine is shared, so it says how quiet the run was. #>
    if (Test-Path '/proc/loadavg') { return [double]::Parse((Get-Content '/proc/loadavg' -Raw).Split(' ')[0], [cultureinfo]::InvariantCulture) }
    return $null
}

function Get-MachineInfo {
    $cpu = $null
    if (Test-Path '/proc/cpuinfo') {
        $cpu = (Select-String -Path '/proc/cpuinfo' -Pattern '^model name\s*:\s*(.+)$' | Select-Object -First 1).Matches[0].Groups[1].Value
    }
    elseif ($IsMacOS) { $cpu = (& sysctl -n machdep.cpu.brand_string) }
    elseif ($IsWindows -or $PSEdition -eq 'Desktop') { $cpu = (Get-CimInstance Win32_Processor | Select-Object -First 1).Name }
    # What the GC may use: the machine's memory, or a container's limit when there is one.
    $ram = [GC]::GetGCMemoryInfo().TotalAvailableMemoryBytes
    [ordered]@{
        Date       = [DateTime]::UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", [cultureinfo]::InvariantCulture)
        CPU        = if ($cpu) { $cpu.Trim() } else { 'unknown' }
        Cores      = [Environment]::ProcessorCount
        RAM        = '{0:N1} GiB' -f ($ram / 1GB)
        OS         = [System.Runtime.InteropServices.RuntimeInformation]::OSDescription
        '.NET'     = [System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription
        PowerShell = "$($PSVersionTable.PSVersion)"
    }
}

function New-BenchRow {
    <#
    .SYNOPSIS
        One line of the results table.
    .PARAMETER Pass
        $true, $false, or $null for a figure that has no goal of its own.
    #>
    param(
        [Parameter(Mandatory)][string] $Scenario,
        [Parameter(Mandatory)][string] $Measure,
        [Parameter(Mandatory)][string] $Value,
        [string] $Goal = '',
        [AllowNull()] $Pass = $null
    )
    [pscustomobject]@{
        Scenario = $Scenario
        Measure  = $Measure
        Value    = $Value
        Goal     = $Goal
        Result   = if ($null -eq $Pass) { '' } elseif ($Pass) { 'PASS' } else { 'MISS' }
    }
}

function ConvertTo-MarkdownTable {
    param([Parameter(Mandatory)][object[]] $Rows, [Parameter(Mandatory)][string[]] $Columns)
    $escape = { param($text) ([string] $text) -replace '\|', '\|' }
    '| ' + ($Columns -join ' | ') + ' |'
    '|' + (($Columns | ForEach-Object { '---' }) -join '|') + '|'
    foreach ($row in $Rows) {
        '| ' + (($Columns | ForEach-Object { & $escape $row.$_ }) -join ' | ') + ' |'
    }
}

function Format-Ratio {
    param([Parameter(Mandatory)][double] $Ratio)
    '{0:N2}x' -f $Ratio
}

function Format-Milliseconds {
    param([Parameter(Mandatory)][double] $Milliseconds)
    if ($Milliseconds -ge 10000) { return '{0:N1} s' -f ($Milliseconds / 1000) }
    if ($Milliseconds -ge 100) { return '{0:N0} ms' -f $Milliseconds }
    return '{0:N1} ms' -f $Milliseconds
}

Export-ModuleMember -Function Invoke-BenchProcess, Start-BenchProcess, Receive-BenchProcess, Get-Median, Get-LoadAverage,
    Get-MachineInfo, New-BenchRow, ConvertTo-MarkdownTable, Format-Ratio, Format-Milliseconds
