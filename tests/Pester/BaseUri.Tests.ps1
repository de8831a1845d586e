# A wrong base URI is reported as a wrong address, never as a wrong id.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'A base URI with /api/v1 in it' {
    BeforeAll { Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri ($script:emulator.Url + '/api/v1') -RetryDelayMilliseconds 10 }
    AfterAll { Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url }

    It '<Command> says EndpointNotFound, naming the address and -BaseUri, not the id' -TestCases @(
        @{ Command = 'Get-PantoTriggerRuns'; Call = { Get-PantoTriggerRuns t1 -ErrorVariable problems -ErrorAction SilentlyContinue; $problems } }
        @{ Command = 'Get-PantoTestRun'; Call = { Get-PantoTestRun testrun_01 -ErrorVariable problems -ErrorAction SilentlyContinue; $problems } }
        @{ Command = 'Wait-PantoTrigger'; Call = { Wait-PantoTrigger t1 -Timeout 30 -PollInterval 1 -ErrorVariable problems -ErrorAction SilentlyContinue; $problems } }
        @{ Command = 'Start-PantoTestFlow'; Call = { Start-PantoTestFlow app_01 -Name Login -Device 'Pixel 6:14' -ErrorVariable problems -ErrorAction SilentlyContinue; $problems } }
    ) {
        $problems = @(& $Call)
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'EndpointNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].ErrorDetails.Message | Should -Match '/api/v1/api/v1/qa/external/'
        $problems[0].ErrorDetails.Message | Should -Match '-BaseUri'
        $problems[0].ErrorDetails.Message | Should -Not -Match 'Check the id'
    }
}
