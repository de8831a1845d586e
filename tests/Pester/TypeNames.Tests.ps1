BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

# The classes live in namespaces named for the client's folders; users see the short names.
Describe 'The type names users see' {
    It 'names a test run PantoQa.TestRun first, in PSTypeNames and Get-Member' {
        $run = Get-PantoTestRun testrun_01
        $run.PSTypeNames[0] | Should -Be 'PantoQa.TestRun'
        ($run | Get-Member)[0].TypeName | Should -Be 'PantoQa.TestRun'
    }

    It 'names the devices of a run PantoQa.TargetDevice' {
        $device = (Get-PantoTestRun testrun_01).target_device_list[0]
        $device.PSTypeNames[0] | Should -Be 'PantoQa.TargetDevice'
        ($device | Get-Member)[0].TypeName | Should -Be 'PantoQa.TargetDevice'
    }

    It 'names the runs a trigger writes PantoQa.TestRun' {
        $runs = @(Get-PantoTriggerRuns t1)
        $runs.Count | Should -BeGreaterThan 0
        $runs | ForEach-Object { $_.PSTypeNames[0] | Should -Be 'PantoQa.TestRun' }
    }

    It 'names a summary PantoQa.TriggerResult, and its runs and their devices by their short names' {
        $result = Get-PantoTriggerRuns t1 -Summary
        $result.PSTypeNames[0] | Should -Be 'PantoQa.TriggerResult'
        ($result | Get-Member)[0].TypeName | Should -Be 'PantoQa.TriggerResult'
        $result.test_runs[0].PSTypeNames[0] | Should -Be 'PantoQa.TestRun'
        $result.test_runs[0].target_device_list[0].PSTypeNames[0] | Should -Be 'PantoQa.TargetDevice'
    }

    It 'names a connection PantoQa.PantoConnection' {
        $connection = Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -RetryDelayMilliseconds 10 -PassThru
        $connection.PSTypeNames[0] | Should -Be 'PantoQa.PantoConnection'
        ($connection | Get-Member)[0].TypeName | Should -Be 'PantoQa.PantoConnection'
    }

    It 'reads Deserialized.PantoQa.TestRun after a round trip through Export-Clixml' {
        $path = Join-Path $TestDrive 'run.clixml'
        Get-PantoTestRun testrun_01 | Export-Clixml -Path $path
        (Import-Clixml -Path $path).PSTypeNames[0] | Should -Be 'Deserialized.PantoQa.TestRun'
    }
}
