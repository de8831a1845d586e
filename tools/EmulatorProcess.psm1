# Starts and stops the emulator as a child process on a free loopback port. Used by the demo,
# the Pester suite and the benchmark, so all three find the emulator the same way.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Start-PantoEmulator {
    <#
    .SYNOPSIS
        Starts the emulator on 127.0.0.1 with a free port and returns its URL and process.
    .PARAMETER Executable
        An installed panto-emulator command to start instead of dotnet with the dll.
    .PARAMETER Arguments
        More emulator options, for example '--fault-rate', '0.3'.
    #>
    [CmdletBinding(DefaultParameterSetName = 'Dll')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Dll')][string] $EmulatorDll,
        [Parameter(Mandatory, ParameterSetName = 'Executable')][string] $Executable,
        [string[]] $Arguments = @()
    )
    if ($Executable) { $program = $Executable; $leading = @(); $path = $Executable }
    else { $program = 'dotnet'; $leading = @($EmulatorDll); $path = $EmulatorDll }
    if (-not (Test-Path $path)) { throw "No emulator at $path; run ./build.ps1 Build first." }
    $start = [System.Diagnostics.ProcessStartInfo]::new($program)
    # One argument string, not ArgumentList: Windows PowerShell 5.1 runs on .NET Framework.
    $start.Arguments = ($leading + @('--urls', 'http://127.0.0.1:0') + $Arguments | ForEach-Object {
            if ($_ -match '[\s"]') { '"' + ($_ -replace '"', '\"') + '"' } else { $_ }
        }) -join ' '
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $read = $process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait([TimeSpan]::FromSeconds(30)) -or $null -eq $read.Result) {
        Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
        throw "The emulator did not say where it listens: $($process.StandardError.ReadToEnd())"
    }
    if ($read.Result -notmatch '^listening (?<url>\S+)$') {
        Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
        throw "Unexpected first line from the emulator: $($read.Result)"
    }
    # Drain both pipes so a chatty emulator can never block on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    $null = $process.StandardError.ReadToEndAsync()
    [pscustomobject]@{ Url = $Matches.url.TrimEnd('/'); Process = $process }
}

function Stop-PantoEmulator {
    param([Parameter(ValueFromPipeline)] $Emulator)
    process {
        if ($Emulator -and -not $Emulator.Process.HasExited) {
            Stop-Process -Id $Emulator.Process.Id -Force -ErrorAction SilentlyContinue
            $null = $Emulator.Process.WaitForExit(5000)
        }
    }
}

function Invoke-Emulator {
    <# Calls the emulator's control API (/_emulator/...), which needs no key. #>
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)][string] $Path,
        [string] $Method = 'GET',
        $Body
    )
    $request = @{ Uri = "$($Emulator.Url)$Path"; Method = $Method }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $request.Body = ($Body | ConvertTo-Json -Depth 20 -Compress)
        $request.ContentType = 'application/json'
    }
    Invoke-RestMethod @request
}

Export-ModuleMember -Function Start-PantoEmulator, Stop-PantoEmulator, Invoke-Emulator
