# What the format views show, read from the runs the emulator serves.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'The duration column of a test run' {
    BeforeAll {
        $runs = @(
            @{ Id = 'fmt-long'; Start = '2026-05-20T06:00:00Z'; End = '2026-05-22T10:11:17Z' }
            @{ Id = 'fmt-day'; Start = '2026-05-20T06:00:00Z'; End = '2026-05-21T06:00:00Z' }
            @{ Id = 'fmt-hours'; Start = '2026-05-20T06:00:00Z'; End = '2026-05-21T05:59:59Z' }
            @{ Id = 'fmt-short'; Start = '2026-05-20T06:00:00Z'; End = '2026-05-20T06:03:12Z' }
        ) | ForEach-Object {
            @{ id = $_.Id; trigger_id = 'fmt'; test_flow_id = 'flow_login'; status = 'passed'; runner_start_timestamp = $_.Start; runner_end_timestamp = $_.End }
        }
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/runs' -Method POST -Body @{ runs = $runs }
    }

    It 'shows <Id> as <Shown>' -ForEach @(
        @{ Id = 'fmt-long'; Shown = '2.04:11:17' }
        @{ Id = 'fmt-day'; Shown = '1.00:00:00' }
        @{ Id = 'fmt-hours'; Shown = '23:59:59' }
        @{ Id = 'fmt-short'; Shown = '0:03:12' }
    ) {
        $lines = @(Get-PantoTestRun $Id | Format-Table | Out-String -Stream -Width 200 | Where-Object { $_ -like "$Id *" })
        $lines.Count | Should -Be 1
        $lines[0].TrimEnd() | Should -Match " $([regex]::Escape($Shown))$"
    }
}
