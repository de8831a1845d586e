# Shared by every Pester file: the built module's path, a fresh PowerShell command line, and an
# emulator started on a free loopback port and stopped by its PID.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$ModulePath = Join-Path $RepoRoot 'out/PantoQa'
if ($env:PANTOQA_TEST_TARGET -eq 'Desktop') {
    # The netstandard2.0 build, imported as a DLL (its module initializer hooks the resolver for
    # desktop/dependencies), so PowerShell 7 runs the code Windows PowerShell 5.1 gets. Its
    # formats come with the manifest, so they are loaded here.
    Update-FormatData -AppendPath (Join-Path $ModulePath 'PantoQa.format.ps1xml')
    $ModulePath = Join-Path $ModulePath 'desktop/PantoQa.dll'
}
$EmulatorDll = Join-Path $RepoRoot 'out/emulator/PantoQa.Emulator.dll'
Import-Module (Join-Path $RepoRoot 'tools/EmulatorProcess.psm1')
Import-Module (Join-Path $RepoRoot 'tools/BuildTools.psm1')

# The key the emulator's default scenario accepts.
$EmulatorKey = 'emulator-key'

function Get-TestModulePath {
    <# What the tests import: out/PantoQa, or its desktop/PantoQa.dll when PANTOQA_TEST_TARGET is Desktop (Invoke-PesterSuite.ps1 -Target Desktop). #>
    $ModulePath
}

function Get-EmulatorKey { $EmulatorKey }

function Start-TestEmulator {
    <# Starts the built emulator (out/emulator) on a free loopback port. #>
    param([string[]] $Arguments = @())
    Start-PantoEmulator -EmulatorDll $EmulatorDll -Arguments $Arguments
}

function Add-EmulatorTrigger {
    <#
    .SYNOPSIS
        Adds a trigger to a running emulator, one run per schedule, counted from now.
    .PARAMETER Schedules
        One schedule per run, written as steps: 'queued:1,in_process:2,passed' is queued for
        1 s, in process for 2 s, then passed for good; 'failed' is failed from the start.
    .EXAMPLE
        Add-EmulatorTrigger $emulator 'nightly' 'in_process:2,passed', 'failed'
    #>
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)][string] $TriggerId,
        [Parameter(Mandatory)][string[]] $Schedules
    )
    $i = 0
    $runs = foreach ($schedule in $Schedules) {
        $i++
        $steps = foreach ($step in $schedule -split ',') {
            $status, $seconds = $step -split ':'
            if ($seconds) { @{ status = $status; seconds = [double] $seconds } } else { @{ status = $status } }
        }
        @{
            id = "$TriggerId-run$i"; trigger_id = $TriggerId; test_flow_id = 'flow_login'
            target_device_list = @(@{ platform = 'android'; device_name = "Pixel $i"; platform_version = '14' })
            schedule = @($steps)
        }
    }
    $null = Invoke-Emulator -Emulator $Emulator -Path '/_emulator/runs' -Method POST -Body @{ runs = @($runs) }
}

function Get-EmulatorRequests {
    <# The API requests in the emulator's log (method, raw_target, status, fault), without its own control calls. #>
    param([Parameter(Mandatory)] $Emulator)
    # Invoke-RestMethod writes a JSON array as one object; a variable lets the pipeline enumerate it.
    $log = Invoke-Emulator -Emulator $Emulator -Path '/_emulator/requests'
    $log | Where-Object raw_target -Like '/api/*'
}

function Get-TriggerPosts {
    <# The trigger POSTs the emulator has logged, oldest first; one a redirect sent on (its target has a query) too. #>
    param([Parameter(Mandatory)] $Emulator)
    @(Get-EmulatorRequests $Emulator | Where-Object { $_.method -eq 'POST' -and $_.raw_target -match '/trigger(\?|$)' })
}

function Wait-TriggerPosts {
    <#
    .SYNOPSIS
        The trigger POSTs logged once there are more than After. The emulator logs a dropped or
        hung request only once the client has left it, which may be after the command ended; a
        POST resent after it would be logged by then, plus a moment, which is waited out too.
    #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)][int] $After)
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while (@(Get-TriggerPosts $Emulator).Count -le $After -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
    Start-Sleep -Milliseconds 300
    Get-TriggerPosts $Emulator
}

function Get-Triggered {
    <# Every trigger request that took effect, oldest first. #>
    param([Parameter(Mandatory)] $Emulator)
    $all = Invoke-Emulator -Emulator $Emulator -Path '/_emulator/triggered'
    @($all | ForEach-Object { $_ })
}

function Set-PostFaults {
    <# Faults on every POST (reads are never faulted); -Max 0 leaves their number open. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string[]] $Kinds, [int] $Max = 0, $RetryAfter, [int] $Seed = 1)
    $body = @{ rate = 1.0; seed = $Seed; kinds = $Kinds; methods = @('POST') }
    if ($Max) { $body.max_faults = $Max }
    if ($null -ne $RetryAfter) { $body.retry_after = "$RetryAfter" }
    $null = Invoke-Emulator -Emulator $Emulator -Path '/_emulator/faults' -Method POST -Body $body
}

function Set-TriggerSettings {
    <# How the emulator answers trigger requests from now on (POST /_emulator/trigger-settings); none given restores the defaults. #>
    param([Parameter(Mandatory)] $Emulator, [hashtable] $Settings = @{})
    $null = Invoke-Emulator -Emulator $Emulator -Path '/_emulator/trigger-settings' -Method POST -Body $Settings
}

function Set-ProcessEnvironment {
    <# Sets these environment variables of this process (a child started now inherits them) and returns what they were, to set back the same way. #>
    param([hashtable] $Values = @{})
    $was = @{}
    foreach ($name in $Values.Keys) {
        $was[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $Values[$name])
    }
    $was
}

function Invoke-FreshPwsh {
    <#
    .SYNOPSIS
        Runs a script in a new PowerShell process and returns its output lines; used wherever a
        test needs a clean session (import cost, load contexts, installed packages).
    #>
    param([Parameter(Mandatory)][string] $Script, [hashtable] $Environment = @{})
    $pwsh = Get-PwshCommand
    $saved = Set-ProcessEnvironment $Environment
    try {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
        $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
        [pscustomobject]@{ Output = @($output | ForEach-Object { "$_" }); ExitCode = $LASTEXITCODE }
    }
    finally { $null = Set-ProcessEnvironment $saved }
}

function Invoke-CiStep {
    <#
    .SYNOPSIS
        Runs a CI step as GitHub's pwsh shell does: the script in a fresh non-interactive
        PowerShell, after "$ErrorActionPreference = 'Stop'" and before the shell's own last line,
        "exit $LASTEXITCODE" when a command set it; its output sent to files, as in a CI log.
    .PARAMETER Preference
        The step's $ErrorActionPreference: Continue stands for a script that sets it back.
    .OUTPUTS
        The log lines (stdout, then stderr) and the exit code; with -Background, the running
        process and the base path of its files, for Complete-CiStep.
    #>
    param(
        [Parameter(Mandatory)][string] $Script,
        [hashtable] $Environment = @{},
        [switch] $Background,
        [ValidateSet('Stop', 'Continue')][string] $Preference = 'Stop',
        # Ctrl+C reaches the step even when this process ignores SIGINT, as a process started in
        # the background by a non-interactive shell does, and passes that on (Linux).
        [switch] $Interruptible
    )
    $base = Join-Path ([IO.Path]::GetTempPath()) ('ci-step-' + [guid]::NewGuid().ToString('N'))
    Set-Content -Path "$base.ps1" -Value "`$ErrorActionPreference = '$Preference'`n$Script`nif ((Test-Path -LiteralPath variable:\LASTEXITCODE)) { exit `$LASTEXITCODE }"
    $pwsh = Get-PwshCommand
    if ($Interruptible) { $pwsh = @('/usr/bin/env', '--default-signal=INT') + $pwsh }
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', "`"$base.ps1`"")
    $saved = Set-ProcessEnvironment $Environment
    try {
        $process = Start-Process -FilePath $pwsh[0] -ArgumentList $arguments -RedirectStandardOutput "$base.out" -RedirectStandardError "$base.err" -NoNewWindow -PassThru
    }
    finally { $null = Set-ProcessEnvironment $saved }
    $step = [pscustomobject]@{ Process = $process; Base = $base }
    if ($Background) { return $step }
    $process.WaitForExit()
    Complete-CiStep $step
}

function Complete-CiStep {
    <# The log lines and exit code of a step started with Invoke-CiStep -Background, once it has ended; removes its files. #>
    param([Parameter(Mandatory)] $Step)
    $output = @(Get-Content "$($Step.Base).out") + @(Get-Content "$($Step.Base).err")
    Remove-Item "$($Step.Base).*" -ErrorAction SilentlyContinue
    [pscustomobject]@{ Output = $output; ExitCode = $Step.Process.ExitCode }
}

function Invoke-ConnectedStep {
    <# A CI step (Invoke-CiStep) that imports the module and connects it to the emulator, with short retry delays, before Body. #>
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Body, [switch] $Background, [string] $Preference = 'Stop', [switch] $Interruptible)
    Invoke-CiStep -Background:$Background -Preference $Preference -Interruptible:$Interruptible -Script "Import-Module '$(Get-TestModulePath)'`nConnect-PantoQa -ApiKey '$(Get-EmulatorKey)' -BaseUri '$($Emulator.Url)' -RetryDelayMilliseconds 10`n$Body"
}

function New-TestToolPackage {
    <#
    .SYNOPSIS
        Packs the emulator the suite runs against (out/emulator) as its .NET tool package into
        Destination, without building, and returns the package's path.
    #>
    param([Parameter(Mandatory)][string] $Destination)
    $project = Join-Path $RepoRoot 'src/PantoQa.Emulator/PantoQa.Emulator.csproj'
    $built = (Get-FileHash $EmulatorDll).Hash
    # The configuration whose build out/emulator holds: build.ps1 -Configuration chooses it.
    $configuration = @('Release', 'Debug') | Where-Object {
        $dll = Get-ChildItem (Join-Path $RepoRoot "src/PantoQa.Emulator/bin/$_") -Recurse -Filter 'PantoQa.Emulator.dll' -ErrorAction SilentlyContinue |
            Where-Object { $_.Directory.Name -ne 'publish' } | Select-Object -First 1
        $dll -and (Get-FileHash $dll.FullName).Hash -eq $built
    } | Select-Object -First 1
    if (-not $configuration) { throw 'out/emulator matches no build of src/PantoQa.Emulator; run ./build.ps1 Build.' }
    Invoke-Native dotnet pack $project -c $configuration --no-build --nologo -v:quiet -o $Destination
    $version = Get-ModuleVersion -Root $RepoRoot
    Join-Path $Destination "PantoQa.Emulator.$version.nupkg"
}

Export-ModuleMember -Function Get-TestModulePath, Get-EmulatorKey, Start-TestEmulator, Stop-PantoEmulator, Invoke-Emulator, Add-EmulatorTrigger, Get-EmulatorRequests, Get-TriggerPosts, Wait-TriggerPosts, Get-Triggered, Set-PostFaults, Set-TriggerSettings, Set-ProcessEnvironment, Invoke-FreshPwsh, Invoke-CiStep, Invoke-ConnectedStep, Complete-CiStep, New-TestToolPackage
