# Bounded load: Wait-PantoTrigger keeps at most -ThrottleLimit polls in flight and spreads them
# over the interval; the Get cmdlets read ahead at most -ThrottleLimit results.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
    Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url

    function Add-Triggers([string] $Prefix, [int] $Count, [object[]] $Schedule) {
        # One fragment for them all: two hundred control requests would cost more than the test.
        $runs = foreach ($i in 1..$Count) {
            @{
                id = "$Prefix-$i-run"; trigger_id = "$Prefix-$i"; test_flow_id = 'flow_login'
                target_device_list = @(@{ platform = 'android'; device_name = 'Pixel 8'; platform_version = '14' })
                schedule = $Schedule
            }
        }
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/runs' -Method POST -Body @{ runs = @($runs) }
        1..$Count | ForEach-Object { "$Prefix-$_" }
    }

    function Reset-Emulator {
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST
    }
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'Wait-PantoTrigger under load' -Tag 'Reliability' {
    It 'over 200 triggers on a slow server keeps at most -ThrottleLimit <Throttle> polls in flight' -TestCases @(
        @{ Throttle = 8; Parameters = @{} }
        @{ Throttle = 3; Parameters = @{ ThrottleLimit = 3 } }
    ) {
        $ids = Add-Triggers "load-$Throttle" 200 @(@{ status = 'in_process'; seconds = 3 }, @{ status = 'passed' })
        # Every answer takes 100 ms, so requests sent together overlap at the server.
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; kinds = @('delay'); delay_ms = 100 }
        Reset-Emulator
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $results = @($ids | Wait-PantoTrigger -PollInterval 2 -Timeout 120 @Parameters -ErrorVariable problems)
            $seconds = $clock.Elapsed.TotalSeconds
        }
        finally { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE }
        $stats = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/stats'

        $problems.Count | Should -Be 0
        $results.Count | Should -Be 200
        @($results.trigger_id | Sort-Object -Unique).Count | Should -Be 200
        $stats.requests_served | Should -BeGreaterOrEqual 200
        $stats.most_in_flight | Should -BeLessOrEqual $Throttle
        $stats.most_in_flight | Should -BeGreaterThan 1
        Write-Host ('FIGURE wait-load: 200 triggers, -ThrottleLimit {0}: at most {1} requests in flight, {2} requests, {3:0.0} s' -f $Throttle, $stats.most_in_flight, $stats.requests_served, $seconds)
    }

    It 'spreads the polls of many triggers over the interval instead of sending them in one burst' {
        $ids = Add-Triggers 'spread' 60 @(@{ status = 'in_process'; seconds = 10 }, @{ status = 'passed' })
        Reset-Emulator
        $results = @($ids | Wait-PantoTrigger -PollInterval 3 -Timeout 60)
        $results.Count | Should -Be 60

        # After the first round (sent at once, so triggers already final come back at once),
        # polls should arrive about evenly: 60 per 3 s is 5 per quarter second. A burst puts
        # all 60 in one quarter second; half of that leaves room for a busy machine's stalls.
        $times = @(Get-EmulatorRequests $script:emulator | ForEach-Object { [datetime] $_.time })
        $start = ($times | Measure-Object -Minimum).Minimum
        $later = @($times | Where-Object { ($_ - $start).TotalSeconds -ge 1 })
        $later.Count | Should -BeGreaterThan 120
        $busiest = $later | Group-Object { [math]::Floor(($_ - $start).TotalMilliseconds / 250) } | Measure-Object -Property Count -Maximum
        $busiest.Maximum | Should -BeLessOrEqual 30
        Write-Host ('FIGURE wait-spread: 60 triggers, -PollInterval 3: at most {0} polls in any quarter second after the first round ({1} polls)' -f $busiest.Maximum, $later.Count)
    }
}

Describe 'Read-ahead of the Get cmdlets' -Tag 'Reliability' {
    It 'holds at most -ThrottleLimit <Throttle> results while the pipeline is busy with the first' -TestCases @(
        @{ Throttle = 8; Parameters = @{} }
        @{ Throttle = 3; Parameters = @{ ThrottleLimit = 3 } }
    ) {
        $ids = Add-Triggers "ahead-$Throttle" 60 @(@{ status = 'passed' })
        # Slow answers let the cmdlet read as far ahead as it ever will before the first is back.
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method POST -Body @{ rate = 1.0; kinds = @('delay'); delay_ms = 300 }
        Reset-Emulator
        try {
            $served = @(Get-PantoTriggerRuns $ids @Parameters | Select-Object -First 1 | ForEach-Object {
                    # The cmdlet waits on this item; whatever it fetched meanwhile is held unwritten.
                    Start-Sleep -Milliseconds 1500
                    (Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/stats').requests_served
                })
        }
        finally { $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/faults' -Method DELETE }
        $served[0] | Should -BeLessOrEqual $Throttle
        $served[0] | Should -BeGreaterThan 1
        Write-Host ('FIGURE read-ahead: -ThrottleLimit {0}: {1} requests sent while the first result was still being written' -f $Throttle, $served[0])
    }
}
