# A hostile or broken server: the module must end every call with a clear error within its
# timeout, never hang, crash or grow without bound, and never carry the key to another host.
# The calls run in a fresh process so its peak working set is the module's alone.

BeforeDiscovery {
    $script:modes = @(
        @{ Mode = 'endless-body'; ErrorId = 'InvalidResponse' }
        @{ Mode = 'huge-length'; ErrorId = 'InvalidResponse' }
        @{ Mode = 'truncate'; ErrorId = 'InvalidResponse' }
        @{ Mode = 'wrong-content-type'; ErrorId = 'InvalidResponse' }
        @{ Mode = 'html'; ErrorId = 'InvalidResponse' }
        @{ Mode = 'nonjson'; ErrorId = 'InvalidResponse' }
        @{ Mode = 'deep-json'; ErrorId = 'InvalidResponse' }
        @{ Mode = 'null-json'; ErrorId = 'InvalidResponse' }
        @{ Mode = 'runs-not-array'; ErrorId = 'InvalidResponse' }
        @{ Mode = 'hang'; ErrorId = 'RequestTimeout' }
        @{ Mode = 'redirect'; ErrorId = 'RedirectRefused' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'

    # Another host for the redirect to point at: 127.0.0.2 where the system has it (Linux,
    # Windows); elsewhere another port on 127.0.0.1, which is another origin all the same.
    try { $script:elsewhere = Start-TestEmulator -Arguments '--big-trigger-runs', '0', '--urls', 'http://127.0.0.2:0' }
    catch { $script:elsewhere = Start-TestEmulator -Arguments '--big-trigger-runs', '0' }

    # The listener would see a key that reached it: prove it with one request of our own.
    # It answers 401, which Invoke-WebRequest throws on in every PowerShell version.
    try { $null = Invoke-WebRequest -UseBasicParsing -Uri "$($script:elsewhere.Url)/api/v1/qa/external/test-run/probe" -Headers @{ 'X-PANTO-API-KEY' = 'probe' } }
    catch { $null = $_ }
    (Get-EmulatorRequests $script:elsewhere).api_key_present | Should -Be $true
    $null = Invoke-Emulator -Emulator $script:elsewhere -Path '/_emulator/reset' -Method POST

    $modes = 'endless-body', 'huge-length', 'truncate', 'wrong-content-type', 'html', 'nonjson', 'deep-json', 'null-json', 'runs-not-array', 'hang', 'redirect'
    # A hang can only end by the per-request timeout, so it gets a short one to keep the test
    # quick; every other mode gets one long enough that only the module's own checks end it.
    $script:settings = @{ MaxRetries = 1; MaxRetryDelaySec = 1; TimeoutSec = 10; HangTimeoutSec = 2 }

    $script:child = @'
$ErrorActionPreference = 'Stop'
Import-Module '{0}'
Import-Module '{1}'
$emulator = [pscustomobject]@{{ Url = '{2}' }}
$redirectTo = '{3}'

function Set-Mode([string] $Mode) {{
    $timeout = if ($Mode -eq 'hang') {{ {6} }} else {{ {5} }}
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $emulator.Url -TimeoutSec $timeout -MaxRetries {4} -MaxRetryDelaySec 1 -RetryDelayMilliseconds 50
    if ($Mode) {{ $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/faults' -Method POST -Body @{{ rate = 1.0; seed = 1; kinds = @($Mode); redirect_to = $redirectTo }} }}
    else {{ $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/faults' -Method DELETE }}
    $timeout
}}

function Invoke-Hostile([string] $Mode, [string] $Command, [hashtable] $Parameters) {{
    $timeout = Set-Mode $Mode
    $problems = $null
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $output = @(& $Command @Parameters -ErrorVariable problems -ErrorAction SilentlyContinue)
    $seconds = $clock.Elapsed.TotalSeconds
    $null = Set-Mode $null
    'RESULT ' + (@{{
        Mode = $Mode; Command = $Command; Seconds = $seconds; Output = $output.Count; TimeoutSec = $timeout
        Errors = @($problems | ForEach-Object {{ $_.FullyQualifiedErrorId.Split(',')[0] }})
        Messages = @($problems | ForEach-Object {{ $_.ToString() }})
    }} | ConvertTo-Json -Compress)
}}

function Get-Peak {{ $self = [Diagnostics.Process]::GetCurrentProcess(); $self.Refresh(); $self.PeakWorkingSet64 }}

# Warm up every path once so the baseline holds the module, its JIT and its buffers.
$null = Set-Mode $null
$null = Get-PantoTestRun testrun_01
$null = Invoke-Hostile 'nonjson' 'Get-PantoTestRun' @{{ Id = 'testrun_01' }}
[GC]::Collect()
$before = Get-Peak

foreach ($mode in '{7}'.Split(',')) {{
    Invoke-Hostile $mode 'Get-PantoTestRun' @{{ Id = 'r1' }}
    Invoke-Hostile $mode 'Get-PantoTriggerRuns' @{{ TriggerId = 't1' }}
}}
# A wait keeps polling through bad answers until its -Timeout: every poll meets the mode again.
foreach ($mode in 'endless-body', 'hang', 'redirect') {{
    Invoke-Hostile $mode 'Wait-PantoTrigger' @{{ TriggerId = 't1'; PollInterval = 1; Timeout = 3 }}
}}

$after = Get-Peak
$alive = (Get-PantoTestRun testrun_01).id
'RESULT ' + (@{{ Mode = 'memory'; Before = $before; After = $after; Alive = $alive }} | ConvertTo-Json -Compress)
'@ -f (Join-Path $PSScriptRoot 'TestHelpers.psm1'), (Get-TestModulePath), $script:emulator.Url, $script:elsewhere.Url,
    $script:settings.MaxRetries, $script:settings.TimeoutSec, $script:settings.HangTimeoutSec, ($modes -join ',')

    $clock = [Diagnostics.Stopwatch]::StartNew()
    $run = Invoke-FreshPwsh -Script $script:child
    $script:childSeconds = $clock.Elapsed.TotalSeconds
    $script:results = @($run.Output | Where-Object { $_ -like 'RESULT *' } | ForEach-Object { $_.Substring(7) | ConvertFrom-Json })
    $script:childOutput = $run.Output -join [Environment]::NewLine
    $script:childExit = $run.ExitCode
}

AfterAll {
    $script:emulator, $script:elsewhere | Stop-PantoEmulator
}

Describe 'A hostile server' -Tag 'Reliability' {
    It 'leaves the process running to the end' {
        $script:childExit | Should -Be 0 -Because $script:childOutput
        ($script:results | Where-Object Mode -EQ 'memory').Alive | Should -Be 'testrun_01'
    }

    It '<Mode>: Get-PantoTestRun and Get-PantoTriggerRuns end with <ErrorId> within the timeout bound' -Tag 'RealTime' -TestCases $script:modes {
        $calls = @($script:results | Where-Object { $_.Mode -eq $Mode -and $_.Command -like 'Get-*' })
        $calls.Count | Should -Be 2 -Because $script:childOutput
        foreach ($call in $calls) {
            $call.Output | Should -Be 0
            $call.Errors | Should -Be @($ErrorId) -Because ($call.Messages -join '; ')
            # A clear message: it names the request and is free of parser and stack noise.
            $call.Messages[0] | Should -Match ([regex]::Escape('/api/v1/qa/external/test-'))
            $call.Messages[0] | Should -Not -Match 'Exception|   at '
            # Each attempt ends by its timeout at the latest, and each wait between them is capped.
            $bound = ($script:settings.MaxRetries + 1) * $call.TimeoutSec + $script:settings.MaxRetries * $script:settings.MaxRetryDelaySec
            $call.Seconds | Should -BeLessThan ($bound + 2)
        }
        Write-Host ('FIGURE hostile-server {0}: {1} in {2:0.00} s (Get-PantoTestRun), {3:0.00} s (Get-PantoTriggerRuns); -TimeoutSec {4}, bound {5} s' -f
            $Mode, $ErrorId, $calls[0].Seconds, $calls[1].Seconds, $calls[0].TimeoutSec, $bound)
    }

    It 'Wait-PantoTrigger against <_> ends by its -Timeout or at once, never later' -Tag 'RealTime' -ForEach 'endless-body', 'hang', 'redirect' {
        $call = @($script:results | Where-Object Command -EQ 'Wait-PantoTrigger' | Where-Object Mode -EQ $_)
        $call.Count | Should -Be 1
        $call[0].Output | Should -Be 0
        $call[0].Errors | Should -Be @(if ($_ -eq 'redirect') { 'RedirectRefused' } else { 'WaitTimeout' })
        # -Timeout 3 and one poll interval.
        $call[0].Seconds | Should -BeLessThan 5
        Write-Host ('FIGURE hostile-server Wait-PantoTrigger {0}: {1} after {2:0.00} s (-Timeout 3 -PollInterval 1)' -f $_, $call[0].Errors[0], $call[0].Seconds)
    }

    It 'never sends the key to the host a redirect names' {
        @(Get-EmulatorRequests $script:elsewhere).Count | Should -Be 0
        $stats = Invoke-Emulator -Emulator $script:elsewhere -Path '/_emulator/stats'
        $stats.requests_served | Should -Be 0
        Write-Host "FIGURE hostile-server redirect: 0 requests reached $($script:elsewhere.Url), the other host the redirects named"
    }

    It 'keeps the peak working set within 200 MB of its baseline, against a 1 GiB Content-Length and endless bodies' {
        $memory = $script:results | Where-Object Mode -EQ 'memory'
        $memory.Before | Should -BeGreaterThan 0 -Because $script:childOutput
        $growth = $memory.After - $memory.Before
        $growth | Should -BeLessThan 200MB
        Write-Host ('FIGURE hostile-server memory: peak working set {0:0} MB before, {1:0} MB after all modes, growth {2:0} MB; child process ran {3:0.0} s' -f
            ($memory.Before / 1MB), ($memory.After / 1MB), ($growth / 1MB), $script:childSeconds)
    }
}
