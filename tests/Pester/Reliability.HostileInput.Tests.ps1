# Hostile ids: every one is either refused at parameter binding or sent as exactly one escaped
# path segment of the right endpoint. The emulator's request log, which records the raw request
# target, is the proof that none reached another path.

BeforeDiscovery {
    $long = 'x' * 1024
    # Name, id, and whether it may be sent (true) or must be refused before any request (false).
    $script:hostile = @(
        @{ Name = 'empty'; Id = ''; Sent = $false }
        @{ Name = 'whitespace'; Id = '   '; Sent = $false }
        @{ Name = 'tab'; Id = "a`tb"; Sent = $false }
        @{ Name = 'dot'; Id = '.'; Sent = $false }
        @{ Name = 'dot-dot'; Id = '..'; Sent = $false }
        @{ Name = 'CR LF header injection'; Id = "a`r`nX-PANTO-API-KEY: stolen"; Sent = $false }
        @{ Name = 'LF'; Id = "a`nb"; Sent = $false }
        @{ Name = 'NUL'; Id = "a`0b"; Sent = $false }
        @{ Name = 'next line U+0085'; Id = "a$([char]0x85)b"; Sent = $false }
        @{ Name = '100 KB'; Id = 'x' * 102400; Sent = $false }
        @{ Name = '1025 characters'; Id = 'x' * 1025; Sent = $false }
        @{ Name = 'lone high surrogate'; Id = "a$([char]0xD800)b"; Sent = $false }
        @{ Name = 'lone low surrogate'; Id = "$([char]0xDC00)b"; Sent = $false }
        @{ Name = 'parent path'; Id = '../test-runs-by-trigger/x'; Sent = $true }
        @{ Name = 'absolute path'; Id = '/api/v1/qa/external/test-run/testrun_01'; Sent = $true }
        @{ Name = 'slash'; Id = '/'; Sent = $true }
        @{ Name = 'escaped slash'; Id = '%2F'; Sent = $true }
        @{ Name = 'escaped dot-dot'; Id = '%2e%2e'; Sent = $true }
        @{ Name = 'escaped traversal'; Id = '..%2F..%2F_emulator%2Freset'; Sent = $true }
        @{ Name = 'three dots'; Id = '...'; Sent = $true }
        @{ Name = 'padded dot-dot'; Id = ' .. '; Sent = $true }
        @{ Name = 'query'; Id = '?x=1'; Sent = $true }
        @{ Name = 'fragment'; Id = '#'; Sent = $true }
        @{ Name = 'escaped NUL'; Id = '%00'; Sent = $true }
        @{ Name = 'URL'; Id = 'http://127.0.0.2/x'; Sent = $true }
        @{ Name = 'non-BMP'; Id = "run-$([char]::ConvertFromUtf32(0x1F680))-$([char]::ConvertFromUtf32(0x1D518))"; Sent = $true }
        @{ Name = 'RTL marks'; Id = "$([char]0x202E)nur$([char]0x200F)"; Sent = $true }
        @{ Name = 'line separator U+2028'; Id = "a$([char]0x2028)b"; Sent = $true }
        @{ Name = 'spaces'; Id = 'a b  c'; Sent = $true }
        @{ Name = 'backslashes'; Id = '..\..\x'; Sent = $true }
        @{ Name = 'semicolon'; Id = 'a;b=c'; Sent = $true }
        @{ Name = 'quotes'; Id = "a'b`"c``d"; Sent = $true }
        @{ Name = 'slash lookalikes'; Id = "a$([char]0x2215)b$([char]0x2044)c$([char]0xFF0F)d$([char]0x29F8)e"; Sent = $true }
        @{ Name = 'fullwidth dots'; Id = "$([char]0xFF0E)$([char]0xFF0E)"; Sent = $true }
        @{ Name = 'ampersand, at, star, braces'; Id = 'a&b@c*{d}'; Sent = $true }
        @{ Name = '1024 characters'; Id = $long; Sent = $true }
        @{ Name = '$null'; Id = $null; Sent = $false }
    )
    foreach ($case in $script:hostile) { $case.Expect = if ($case.Sent) { 'sent as one escaped segment' } else { 'refused at binding' } }
    $script:pipeline = @{ Ids = @($script:hostile.Id); SentCount = @($script:hostile | Where-Object Sent).Count }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -MaxRetries 0

    $script:prefixes = @{
        'Get-PantoTestRun'     = '/api/v1/qa/external/test-run/'
        'Get-PantoTriggerRuns' = '/api/v1/qa/external/test-runs-by-trigger/'
        'Wait-PantoTrigger'    = '/api/v1/qa/external/test-runs-by-trigger/'
    }
    $script:notFound = @{
        'Get-PantoTestRun'     = 'Test run not found'
        'Get-PantoTriggerRuns' = 'No test runs found for trigger id'
        'Wait-PantoTrigger'    = 'No test runs found for trigger id'
    }
    $script:refused = 0
    $script:sent = 0

    function Invoke-Id([string] $Command, $Id) {
        <# Runs one cmdlet on one id and returns its errors, terminating or not. #>
        $problems = $null
        try {
            $output = @(& $Command -ErrorVariable problems -ErrorAction SilentlyContinue $Id)
        }
        catch {
            return [pscustomobject]@{ Output = @(); Errors = @($_) }
        }
        [pscustomobject]@{ Output = $output; Errors = @($problems) }
    }

    function Assert-OneSegment([string] $Command, [string[]] $Targets) {
        <# Every /api request went to the command's endpoint, with exactly one segment after it. #>
        $prefix = $script:prefixes[$Command]
        foreach ($target in $Targets) {
            $target | Should -BeLike "$prefix*"
            $segment = $target.Substring($prefix.Length)
            $segment | Should -Not -BeNullOrEmpty
            $segment | Should -Not -Match '[/?#\\]'
        }
    }
}

AfterAll {
    Write-Host ('FIGURE hostile-input: {0} ids x 3 cmdlets: {1} refused at binding with no request, {2} sent as one escaped segment of the right endpoint, 0 reached another path' -f
        (($script:refused + $script:sent) / 3), $script:refused, $script:sent)
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'Hostile ids for <_>' -Tag 'Reliability' -ForEach 'Get-PantoTestRun', 'Get-PantoTriggerRuns', 'Wait-PantoTrigger' {
    BeforeAll { $script:command = $_ }

    It '<Name> is <Expect>' -TestCases $script:hostile {
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST
        $result = Invoke-Id $script:command $Id
        $targets = @(Get-EmulatorRequests $script:emulator | ForEach-Object raw_target)

        $result.Output.Count | Should -Be 0
        $result.Errors.Count | Should -Be 1
        if ($Sent) {
            # The emulator matched the endpoint and looked the decoded id up: its own not-found
            # detail, not the "Not Found" of an unknown path.
            $result.Errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $result.Errors[0].TargetObject | Should -BeExactly $Id
            $result.Errors[0].Exception.ServiceMessage | Should -Be $script:notFound[$script:command]
            $targets.Count | Should -Be 1
            $targets[0] | Should -BeExactly ($script:prefixes[$script:command] + [uri]::EscapeDataString($Id))
            Assert-OneSegment $script:command $targets
            $script:sent++
        }
        else {
            $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError*'
            $result.Errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $targets.Count | Should -Be 0
            $script:refused++
        }
    }

    It 'takes all of them down one pipeline: one error each, nothing else sent, and the session still works' -TestCases $script:pipeline {
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST
        $problems = $null

        $output = @($Ids | & $script:command -ErrorVariable problems -ErrorAction SilentlyContinue)

        $output.Count | Should -Be 0
        $problems.Count | Should -Be $Ids.Count
        $targets = @(Get-EmulatorRequests $script:emulator | ForEach-Object raw_target)
        $targets.Count | Should -Be $SentCount
        Assert-OneSegment $script:command $targets
        (Get-PantoTestRun testrun_01).id | Should -Be 'testrun_01'
        (Get-PantoTriggerRuns trigger_01 -Summary).trigger_id | Should -Be 'trigger_01'
    }
}

Describe 'Ids with hostile characters that do exist' -Tag 'Reliability' {
    It 'come back as exactly the run and trigger they name: <Id>' -TestCases @(
        @{ Id = 'a b/c?d#e;f' }, @{ Id = "../x $([char]::ConvertFromUtf32(0x1F680)) $([char]0x2215) %2F" }, @{ Id = "q'uo`"te\back" }
    ) {
        Add-EmulatorTrigger $script:emulator $Id 'passed'

        $runs = @(Get-PantoTriggerRuns $Id)
        $runs.Count | Should -Be 1
        $runs[0].trigger_id | Should -BeExactly $Id
        (Get-PantoTestRun $runs[0].id).id | Should -BeExactly "$Id-run1"
        (Wait-PantoTrigger $Id -PollInterval 1 -Timeout 10).trigger_id | Should -BeExactly $Id
    }
}
