# Secrets: a canary key the emulator accepts must never show up anywhere a user, a log or a CI
# artefact could see it: no output stream, no transcript, no error record or exception (inner
# ones included), no ToString, formatted view or ConvertTo-Json of anything the module returns.
# Every cmdlet runs with -Verbose and -Debug through its success and failure paths, with the key
# given as a parameter and taken from PANTO_API_KEY, in a fresh process that records it all.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:canary = 'canary-KEY-7f3a9c'
    # Rejected by the service, and as secret as the right one.
    $script:wrongCanary = 'canary-KEY-WRONG-51d0e2'
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0', '--api-key', $script:canary

    $folder = Join-Path ([IO.Path]::GetTempPath()) "panto-secrets-$([guid]::NewGuid().ToString('N'))"
    $null = New-Item -ItemType Directory -Path $folder
    $script:folder = $folder
    $script:dump = Join-Path $folder 'everything.txt'
    $script:transcript = Join-Path $folder 'transcript.txt'

    # The child gets the keys through the environment, so its script text never holds them.
    $child = @'
$ErrorActionPreference = 'Continue'
Import-Module '__HELPERS__'
Import-Module '__MODULE__'
$emulator = [pscustomobject]@{ Url = '__URL__' }
$key = $env:PANTO_TEST_CANARY
$wrong = $env:PANTO_TEST_WRONG_CANARY
$texts = [System.Collections.Generic.List[string]]::new()
$steps = [System.Collections.Generic.List[string]]::new()
$jsonRecords = [System.Collections.Generic.HashSet[string]]::new()
Start-Transcript -Path '__TRANSCRIPT__' | Out-Null
$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
# Windows PowerShell turns -Debug into ErrorAction Inquire, a prompt a script cannot answer.
$PSDefaultParameterValues['*-Panto*:ErrorAction'] = 'Continue'

function Add-Json($value, [int] $Depth) {
    $texts.Add(($value | ConvertTo-Json -Depth $Depth -WarningAction SilentlyContinue))
}

function Add-Exception($exception) {
    # The whole chain, one exception at a time; TargetSite is reflection metadata of the
    # runtime's own methods, which at depth 10 is most of the runtime.
    for ($e = $exception; $e; $e = $e.InnerException) {
        $texts.Add($e.Message); $texts.Add($e.ToString()); $texts.Add("$($e.Data.Values)")
        Add-Json ($e | Select-Object * -ExcludeProperty TargetSite, InnerException) 10
    }
}

function Add-Item($item) {
    $texts.Add("$item")
    $texts.Add(($item | Out-String))
    if ($item -is [System.Management.Automation.ErrorRecord]) {
        # An ErrorRecord drags the whole engine behind it at depth 10 (InvocationInfo.MyCommand
        # alone is megabytes): depth 10 for each part the module fills in, and depth 3 for the
        # whole record once per ErrorId, which takes a quarter of a second each time.
        if ($jsonRecords.Add($item.FullyQualifiedErrorId)) { Add-Json $item 3 }
        Add-Json $item.TargetObject 10
        Add-Json $item.ErrorDetails 10
        Add-Json $item.CategoryInfo 10
        Add-Json $item.InvocationInfo.BoundParameters 10
        $texts.Add($item.ScriptStackTrace)
        Add-Exception $item.Exception
    }
    elseif ($item -is [System.Management.Automation.InformationalRecord]) {
        # Verbose, debug and warning records: the message, and where it came from, but not the
        # engine's InvocationInfo, for the same reason.
        Add-Json ($item | Select-Object * -ExcludeProperty InvocationInfo) 10
    }
    else {
        $texts.Add(($item | Format-List * -Force | Out-String))
        Add-Json $item 10
    }
}

function Invoke-Step([string] $Name, [scriptblock] $Step) {
    $steps.Add($Name)
    $texts.Add("STEP $Name")
    try { $records = @(& $Step *>&1) } catch { $records = @($_) }
    foreach ($record in $records) { Add-Item $record }
    $records | Out-Host
}

function Set-Faults([string] $Kind) {
    if ($Kind) { $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; seed = 1; kinds = @($Kind) } }
    else { $null = Invoke-Emulator -Emulator $emulator -Path '/_emulator/faults' -Method DELETE }
}

function Invoke-EveryCmdlet([string] $How, [string[]] $Faults) {
    Invoke-Step "$How run" { Get-PantoTestRun testrun_01, r1 -Verbose -Debug }
    Invoke-Step "$How run 404" { Get-PantoTestRun no-such-run -Verbose -Debug }
    Invoke-Step "$How trigger" { Get-PantoTriggerRuns t1 -Verbose -Debug }
    Invoke-Step "$How summary" { Get-PantoTriggerRuns t1, t2 -Summary -Verbose -Debug }
    Invoke-Step "$How trigger 404" { Get-PantoTriggerRuns no-such-trigger -Verbose -Debug }
    Invoke-Step "$How wait" { Wait-PantoTrigger t1, t2 -PollInterval 1 -ErrorOnFailure -Verbose -Debug }
    Invoke-Step "$How wait 404" { Wait-PantoTrigger no-such-trigger -PollInterval 1 -Verbose -Debug }
    Invoke-Step "$How wait timeout" { Wait-PantoTrigger trigger_running -PollInterval 1 -Timeout 1 -Verbose -Debug }
    Invoke-Step "$How start" { Start-PantoTestFlow app_01 -Name Login -Device 'android:Pixel 6:14' -Verbose -Debug }
    Invoke-Step "$How start 404" { Start-PantoTestSuite no-such-build -IncludeTag @{ type = 'smoke' } -Device 'Pixel 6:14' -Verbose -Debug }
    Invoke-Step "$How start wait" { Start-PantoTestFlow app_01 -Name Search -Device 'Pixel 6:14' -Wait -PollInterval 1 -Timeout 1 -Verbose -Debug }
    foreach ($kind in $Faults) {
        Set-Faults $kind
        Invoke-Step "$How fault $kind run" { Get-PantoTestRun r1 -Verbose -Debug }
        Invoke-Step "$How fault $kind trigger" { Get-PantoTriggerRuns t1 -Summary -Verbose -Debug }
        Invoke-Step "$How fault $kind start" { Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -Verbose -Debug }
        # A wait through a fault it keeps polling through lasts its whole -Timeout: one per way
        # a poll can fail is enough.
        if ($kind -in '503', 'hang', 'nonjson', 'redirect', '403') {
            Invoke-Step "$How fault $kind wait" { Wait-PantoTrigger t1 -PollInterval 1 -Timeout 1 -Verbose -Debug }
        }
        Set-Faults $null
    }
}

function Get-ApiRequestCount { @(Get-EmulatorRequests $emulator).Count }

$settings = @{ BaseUri = $emulator.Url; MaxRetries = 1; TimeoutSec = 1; RetryDelayMilliseconds = 50; MaxRetryDelaySec = 1 }

# The key as a parameter, in each form Connect-PantoQa takes.
Invoke-Step 'connect string' { Connect-PantoQa -ApiKey $key @settings -PassThru -Verbose -Debug }
Invoke-Step 'connect SecureString' { Connect-PantoQa -ApiKey (ConvertTo-SecureString $key -AsPlainText -Force) @settings -PassThru -Verbose -Debug }
Invoke-Step 'connect PSCredential' { Connect-PantoQa -ApiKey ([pscredential]::new('panto', (ConvertTo-SecureString $key -AsPlainText -Force))) @settings -PassThru -Verbose -Debug }
Invoke-EveryCmdlet 'parameter' '503', '429', '500', 'act-then-drop', 'drop', 'hang', 'nonjson', 'html', 'truncate', 'null-json', 'redirect', '400', '403'

# A wrong key: 401 on every cmdlet, which ends its pipeline.
Invoke-Step 'connect wrong' { Connect-PantoQa -ApiKey $wrong @settings -PassThru -Verbose -Debug }
Invoke-Step 'wrong run' { Get-PantoTestRun r1 -Verbose -Debug }
Invoke-Step 'wrong trigger' { Get-PantoTriggerRuns t1 -Verbose -Debug }
Invoke-Step 'wrong wait' { Wait-PantoTrigger t1 -PollInterval 1 -Verbose -Debug }
Invoke-Step 'wrong start' { Start-PantoTestSuite app_01 -IncludeTag @{ type = 'smoke' } -Device 'Pixel 6:14' -Verbose -Debug }

# A key with a line break is refused before anything is sent; with no connection left to fall
# back on, the next call has no key at all.
Invoke-Step 'disconnect wrong' { Disconnect-PantoQa -Verbose -Debug }
$before = Get-ApiRequestCount
Invoke-Step 'connect CR LF' { Connect-PantoQa -ApiKey "$key`r`nX-Injected: 1" @settings -PassThru -Verbose -Debug }
Invoke-Step 'connect LF' { Connect-PantoQa -ApiKey "$key`n" @settings -Verbose -Debug }
Invoke-Step 'run after CR LF' { Get-PantoTestRun r1 -Verbose -Debug }
"CRLF-SENT $((Get-ApiRequestCount) - $before)"

# The key from the environment.
$env:PANTO_BASE_URI = $emulator.Url
$env:PANTO_API_KEY = $key
# A session from the environment has the default settings: 30 s per attempt, so no hang here.
Invoke-EveryCmdlet 'environment' '503', 'drop', 'nonjson', 'redirect'
Invoke-Step 'connect environment' { Connect-PantoQa @settings -PassThru -Verbose -Debug }
Invoke-Step 'environment connected run' { Get-PantoTestRun r1 -Verbose -Debug }
Invoke-Step 'disconnect environment' { Disconnect-PantoQa -Verbose -Debug }
$env:PANTO_API_KEY = $wrong
Invoke-Step 'environment wrong run' { Get-PantoTestRun r1 -Verbose -Debug }
$before = Get-ApiRequestCount
$env:PANTO_API_KEY = "$key`r`nX-Injected: 1"
Invoke-Step 'environment CR LF run' { Get-PantoTestRun r1 -Verbose -Debug }
Invoke-Step 'environment CR LF connect' { Connect-PantoQa -PassThru -Verbose -Debug }
"CRLF-ENV-SENT $((Get-ApiRequestCount) - $before)"
$env:PANTO_API_KEY = $null

# The same through a hosted PowerShell, whose streams are collected apart, progress included.
$hosted = [powershell]::Create()
$null = $hosted.AddScript({
    param($Module, $Url, $Key)
    $ProgressPreference = 'Continue'
    Import-Module $Module
    Connect-PantoQa -ApiKey $Key -BaseUri $Url -MaxRetries 0 -PassThru -Verbose -Debug
    Get-PantoTestRun testrun_01, no-such-run -Verbose -Debug
    Get-PantoTriggerRuns t1 -Summary -Verbose -Debug
    Wait-PantoTrigger t1, trigger_running -PollInterval 1 -Timeout 2 -Verbose -Debug
    Start-PantoTestFlow app_01 -IncludeTag @{ team = 'identity' } -Device 'ios:iPhone 15:17' -Verbose -Debug
    Write-Information 'hosted done'
}).AddArgument('__MODULE__').AddArgument($emulator.Url).AddArgument($key)
$texts.Add('STEP hosted')
try { foreach ($item in $hosted.Invoke()) { Add-Item $item } } catch { Add-Item $_ }
foreach ($stream in 'Error', 'Warning', 'Verbose', 'Debug', 'Information', 'Progress') {
    $texts.Add("STREAM $stream $($hosted.Streams.$stream.Count)")
    foreach ($record in $hosted.Streams.$stream) { Add-Item $record }
}
$hosted.Dispose()

# Everything the session kept of its errors; the records themselves were converted above.
$texts.Add('STEP $Error')
foreach ($record in $Error) { $texts.Add("$record"); Add-Exception $record.Exception }

Stop-Transcript | Out-Null
[IO.File]::WriteAllLines('__DUMP__', $texts)
"STEPS $($steps.Count)"
'@
    $child = $child.Replace('__HELPERS__', (Join-Path $PSScriptRoot 'TestHelpers.psm1')).Replace('__MODULE__', (Get-TestModulePath)).
        Replace('__URL__', $script:emulator.Url).Replace('__TRANSCRIPT__', $script:transcript).Replace('__DUMP__', $script:dump)
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $run = Invoke-FreshPwsh -Script $child -Environment @{ PANTO_TEST_CANARY = $script:canary; PANTO_TEST_WRONG_CANARY = $script:wrongCanary }
    $script:seconds = $clock.Elapsed.TotalSeconds
    $script:stdout = $run.Output -join "`n"
    $script:everything = if (Test-Path $script:dump) { Get-Content -Raw $script:dump } else { '' }
    $script:transcribed = if (Test-Path $script:transcript) { Get-Content -Raw $script:transcript } else { '' }
}

AfterAll {
    $script:emulator | Stop-PantoEmulator
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The API key' -Tag 'Reliability' {
    It 'was really used: the service answered the canary key, and refused the wrong one' {
        $requests = @(Get-EmulatorRequests $script:emulator)
        @($requests | Where-Object status -EQ 200).Count | Should -BeGreaterThan 10
        @($requests | Where-Object status -EQ 401).Count | Should -BeGreaterThan 0
        $requests.api_key_present | Should -Not -Contain $false
    }

    It 'went through every cmdlet, path and stream' {
        $script:stdout | Should -Match 'STEPS \d+' -Because $script:stdout
        foreach ($marker in 'TestRunNotFound', 'TriggerNotFound', 'Unauthorized', 'ServiceUnavailable', 'ConnectionFailed', 'RequestTimeout',
            'InvalidResponse', 'RedirectRefused', 'RequestRejected', 'Forbidden', 'WaitTimeout', 'TriggerFailed', 'InvalidApiKey',
            'InvalidEnvironmentSetting', 'NoApiKey', '\*\*\*\*3a9c', 'GET /api/v1/qa/external/test-run/testrun_01 -> 200', 'retry 1 of 1',
            'KeySource', 'Environment', 'STREAM Progress [1-9]', 'STREAM Verbose [1-9]', 'STREAM Information [1-9]', 'Checkout regression',
            'BuildNotFound', 'TriggerOutcomeUnknown', 'POST /api/v1/qa/external/test-flow/trigger -> 200', 'Started 1 run\(s\)') {
            $script:everything | Should -Match $marker
        }
        $script:transcribed | Should -Match 'TestRunNotFound|was not found'
    }

    It 'is refused with a line break in it, and nothing is sent' {
        $script:stdout | Should -Match 'CRLF-SENT 0\b'
        $script:stdout | Should -Match 'CRLF-ENV-SENT 0\b'
    }

    It 'appears in no <Where>, nor does the wrong one' -TestCases @(
        @{ Where = 'output stream, error record, exception chain, ToString, formatted view or ConvertTo-Json'; Text = 'everything' }
        @{ Where = 'transcript'; Text = 'transcribed' }
        @{ Where = 'console output of the process'; Text = 'stdout' }
    ) {
        $value = Get-Variable -Scope Script -Name $Text -ValueOnly
        $value.Length | Should -BeGreaterThan 1000
        $value | Should -Not -Match ([regex]::Escape($script:canary))
        $value | Should -Not -Match ([regex]::Escape($script:wrongCanary))
        # Not even most of it: the hint shows four characters and no more.
        $value | Should -Not -Match ([regex]::Escape($script:canary.Substring(0, 12)))
        if ($Text -eq 'everything') {
            Write-Host ('FIGURE secrets: canary key in 0 of {0:N0} characters of streams, records, exceptions, views and JSON ({1:N0} in the transcript); {2} run in {3:0.0} s' -f
                $value.Length, $script:transcribed.Length, ($script:stdout -replace '(?s).*(STEPS \d+).*', '$1'), $script:seconds)
        }
    }
}
