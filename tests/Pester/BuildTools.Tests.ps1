# build.ps1 Test must not read green when a suite did not run to its end. These feed its counting
# (tools/TestResults.psm1) what a crashed or short run leaves behind.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/TestResults.psm1') -Force

    function New-Trx {
        param([int] $Total, [int] $Executed, [int] $Passed, [int] $Failed = 0)
        $path = Join-Path $TestDrive "$([guid]::NewGuid().ToString('N')).trx"
        Set-Content -Path $path -Value @"
<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" name="fixture" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <ResultSummary outcome="Failed">
    <Counters total="$Total" executed="$Executed" passed="$Passed" failed="$Failed" error="0" timeout="0" aborted="0" inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" />
  </ResultSummary>
</TestRun>
"@
        $path
    }

    # What dotnet test wrote for one passed xunit test and one that skipped itself (a schema
    # test without node_modules), paths shortened. A skipped test is not "executed", has a
    # result with outcome NotExecuted, and leaves the notExecuted counter at 0.
    $script:skippedTrx = Join-Path $PSScriptRoot 'Fixtures/xunit-one-skipped.trx.xml'

    function New-PesterRun {
        <# The parts of Invoke-Pester -PassThru's result that the counting reads. #>
        param([int] $Passed, [int] $Failed = 0, [int] $Skipped = 0, [object[]] $FailedContainers = @(), [object[]] $FailedBlocks = @(), [string] $Result = 'Passed')
        [pscustomobject]@{
            Result = $Result; PassedCount = $Passed; FailedCount = $Failed; SkippedCount = $Skipped
            FailedBlocks = $FailedBlocks; FailedBlocksCount = $FailedBlocks.Count
            FailedContainers = $FailedContainers; FailedContainersCount = $FailedContainers.Count
        }
    }
}

Describe 'Counting an xunit suite' {
    It 'is green when every discovered test ran and passed and dotnet test exited 0' {
        $suite = Get-XunitSuiteResult -Name 'Demo.Tests' -TrxPath (New-Trx -Total 3 -Executed 3 -Passed 3) -ExitCode 0
        $suite.Passed | Should -Be 3
        $suite.Failed | Should -Be 0
        $suite.Problems | Should -BeNullOrEmpty
    }

    It 'fails on a crashed test host''s exit code, even when the TRX counters read green' {
        # 0xE0434352 as a signed exit code: an unhandled .NET exception killed the test host.
        $suite = Get-XunitSuiteResult -Name 'Demo.Tests' -TrxPath (New-Trx -Total 3 -Executed 3 -Passed 3) -ExitCode -532462766
        $suite.Failed | Should -BeGreaterThan 0
        ($suite.Problems -join "`n") | Should -Match 'Demo\.Tests: dotnet test exited with code -532462766'
    }

    It 'fails when the TRX reports fewer tests executed than discovered, counting the rest as failed' {
        $suite = Get-XunitSuiteResult -Name 'Demo.Tests' -TrxPath (New-Trx -Total 10 -Executed 7 -Passed 7) -ExitCode 0
        $suite.Passed | Should -Be 7
        $suite.Failed | Should -Be 3
        ($suite.Problems -join "`n") | Should -Match '7 of 10 discovered tests were executed and 0 skipped; the 3 with no result'
    }

    It 'counts a skipped test as skipped, neither failed nor a short run, from a real TRX' {
        $suite = Get-XunitSuiteResult -Name 'PantoQa.Client.Tests' -TrxPath $script:skippedTrx -ExitCode 0
        $suite.Passed | Should -Be 1
        $suite.Failed | Should -Be 0
        $suite.Skipped | Should -Be 1
        $suite.Problems | Should -BeNullOrEmpty
    }

    It 'still fails a run with skipped tests when a discovered test has no result at all' {
        # The same TRX with one more test discovered that the host never reported: a crash.
        $short = Join-Path $TestDrive 'short.trx'
        (Get-Content -Raw $script:skippedTrx) -replace 'total="2"', 'total="3"' | Set-Content -Path $short
        $suite = Get-XunitSuiteResult -Name 'PantoQa.Client.Tests' -TrxPath $short -ExitCode 0
        $suite.Failed | Should -Be 1
        $suite.Skipped | Should -Be 1
        ($suite.Problems -join "`n") | Should -Match '1 of 3 discovered tests were executed and 1 skipped; the 1 with no result count as failed'
    }

    It 'fails when dotnet test left no TRX at all' {
        $suite = Get-XunitSuiteResult -Name 'Demo.Tests' -TrxPath (Join-Path $TestDrive 'missing.trx') -ExitCode 1
        $suite.Failed | Should -BeGreaterThan 0
        ($suite.Problems -join "`n") | Should -Match 'wrote no results file'
    }
}

Describe 'Counting a Pester run' {
    It 'fails on a failed container, whose tests never ran' {
        $container = [pscustomobject]@{ Item = 'Broken.Tests.ps1'; ErrorRecord = @('BeforeAll threw: the emulator did not start') }
        $suite = Get-PesterSuiteResult -Name 'Pester' -Result (New-PesterRun -Passed 40 -FailedContainers $container -Result 'Failed')
        $suite.Passed | Should -Be 40
        $suite.Failed | Should -BeGreaterThan 0
        ($suite.Problems -join "`n") | Should -Match 'Broken\.Tests\.ps1 failed outside its tests: BeforeAll threw: the emulator did not start'
    }

    It 'fails on a failed block' {
        $block = [pscustomobject]@{ ExpandedPath = 'Wait-PantoTrigger'; ErrorRecord = @('AfterAll threw') }
        $suite = Get-PesterSuiteResult -Name 'Pester' -Result (New-PesterRun -Passed 40 -FailedBlocks $block -Result 'Failed')
        $suite.Failed | Should -BeGreaterThan 0
        ($suite.Problems -join "`n") | Should -Match "block 'Wait-PantoTrigger' failed: AfterAll threw"
    }

    It 'carries the skipped count of a Pester run and of a Pester process' {
        (Get-PesterSuiteResult -Name 'Pester' -Result (New-PesterRun -Passed 40 -Skipped 3)).Skipped | Should -Be 3
        $summary = Join-Path $TestDrive 'skipped.json'
        @{ Passed = 5; Failed = 0; Skipped = 2; Problems = @() } | ConvertTo-Json | Set-Content -Path $summary
        $suite = Get-PesterProcessResult -Name 'Pester' -SummaryPath $summary -ExitCode 0
        $suite.Skipped | Should -Be 2
        $suite.Failed | Should -Be 0
    }

    It 'fails when the Pester process exits non-zero or writes no summary' {
        $summary = Join-Path $TestDrive 'summary.json'
        @{ Passed = 5; Failed = 0; Skipped = 0; Problems = @() } | ConvertTo-Json | Set-Content -Path $summary
        (Get-PesterProcessResult -Name 'Pester' -SummaryPath $summary -ExitCode 0).Failed | Should -Be 0
        (Get-PesterProcessResult -Name 'Pester' -SummaryPath $summary -ExitCode 1).Failed | Should -BeGreaterThan 0
        $missing = Get-PesterProcessResult -Name 'Pester' -SummaryPath (Join-Path $TestDrive 'none.json') -ExitCode 0
        $missing.Failed | Should -BeGreaterThan 0
        ($missing.Problems -join "`n") | Should -Match 'wrote no summary'
    }

    It 'carries the problems the Pester process reported' {
        $summary = Join-Path $TestDrive 'problems.json'
        @{ Passed = 5; Failed = 1; Skipped = 0; Problems = @('Pester: Broken.Tests.ps1 failed outside its tests: boom') } | ConvertTo-Json | Set-Content -Path $summary
        (Get-PesterProcessResult -Name 'Pester' -SummaryPath $summary -ExitCode 0).Problems | Should -Be @('Pester: Broken.Tests.ps1 failed outside its tests: boom')
    }
}

Describe 'Counting a Pester pass spread over workers' {
    BeforeAll {
        function New-FileSummary {
            <# What Invoke-PesterWorker.ps1 writes for one file that ran to its end. #>
            param([string] $Name, [int] $Passed, [int] $Failed = 0, [int] $Skipped = 0, [string[]] $Problems = @())
            $path = Join-Path $TestDrive "$Name.json"
            @{ Passed = $Passed; Failed = $Failed; Skipped = $Skipped; Problems = $Problems; Seconds = 1.5 } | ConvertTo-Json | Set-Content -Path $path
            $path
        }
        $script:workers = @([pscustomobject]@{ Id = 1; ExitCode = 0 }, [pscustomobject]@{ Id = 2; ExitCode = 0 })
    }

    It 'adds up the files of every worker, and is green when each ran to its end' {
        $paths = @((New-FileSummary 'A.Tests.ps1' -Passed 3), (New-FileSummary 'B.Tests.ps1' -Passed 4 -Skipped 1))
        $suite = Get-PesterWorkerResult -Name 'Pester (Manifest)' -SummaryPaths $paths -Workers $script:workers
        $suite.Passed | Should -Be 7
        $suite.Skipped | Should -Be 1
        $suite.Failed | Should -Be 0
        $suite.Problems | Should -BeNullOrEmpty
    }

    It 'fails on a file with no summary, as a crashed or stopped worker leaves it, and names the file' {
        $paths = @((New-FileSummary 'A.Tests.ps1' -Passed 3), (Join-Path $TestDrive 'Crashed.Tests.ps1.json'))
        $suite = Get-PesterWorkerResult -Name 'Pester (Desktop)' -SummaryPaths $paths -Workers $script:workers
        $suite.Passed | Should -Be 3
        $suite.Failed | Should -Be 1
        $suite.Problems | Should -Be @('Pester (Desktop): Crashed.Tests.ps1 has no result: its worker ended before the file did, or never reached it.')
    }

    It 'fails on a worker that exited non-zero, even when every file it ran reads green' {
        $paths = @(New-FileSummary 'A.Tests.ps1' -Passed 3)
        $crashed = @([pscustomobject]@{ Id = 1; ExitCode = 0 }, [pscustomobject]@{ Id = 2; ExitCode = 134 })
        $suite = Get-PesterWorkerResult -Name 'Pester (Manifest)' -SummaryPaths $paths -Workers $crashed
        $suite.Failed | Should -BeGreaterThan 0
        $suite.Problems | Should -Be @('Pester (Manifest): worker 2 exited with code 134.')
    }

    It 'carries the failed containers a file reported, counted as failures' {
        $paths = @(New-FileSummary 'Broken.Tests.ps1' -Passed 0 -Failed 1 -Problems 'Pester (Manifest): Broken.Tests.ps1 failed outside its tests: boom')
        $suite = Get-PesterWorkerResult -Name 'Pester (Manifest)' -SummaryPaths $paths -Workers $script:workers
        $suite.Failed | Should -Be 1
        $suite.Problems | Should -Be @('Pester (Manifest): Broken.Tests.ps1 failed outside its tests: boom')
    }

    It 'fails when no file was planned at all' {
        $suite = Get-PesterWorkerResult -Name 'Pester (Manifest)' -SummaryPaths @() -Workers @()
        $suite.Failed | Should -BeGreaterThan 0
        ($suite.Problems -join "`n") | Should -Match 'no test file was planned'
    }

    It 'is what a real worker writes for a file that breaks in BeforeAll and one that passes' {
        # The real worker script in a fresh process (Pester does not run inside a Pester run),
        # on a queue of two files. This keeps the fixtures above honest about the shape of
        # Invoke-Pester's result.
        $tests = Join-Path $TestDrive 'worker-tests'
        $queue = Join-Path $TestDrive 'worker-queue'
        $results = Join-Path $TestDrive 'worker-results'
        $null = New-Item -ItemType Directory -Path $tests, $queue
        Set-Content -Path (Join-Path $tests 'Broken.Tests.ps1') -Value "BeforeAll { throw 'the emulator did not start' }`nDescribe 'd' { It 'i' { 1 | Should -Be 1 } }"
        Set-Content -Path (Join-Path $tests 'Fine.Tests.ps1') -Value "Describe 'd' { It 'i' { Write-Host 'FINE OUTPUT'; [Console]::WriteLine('FINE CONSOLE'); 1 | Should -Be 1 } }"
        $files = @('Broken.Tests.ps1', 'Fine.Tests.ps1' | ForEach-Object { Join-Path $tests $_ })
        @{ Target = 'Manifest'; Name = 'both'; Files = $files } | ConvertTo-Json | Set-Content -Path (Join-Path $queue '000.json')
        $pester = (Get-Module Pester).Path -replace 'Pester\.psm1$', 'Pester.psd1'
        $run = Invoke-FreshPwsh -Script "& '$(Join-Path $PSScriptRoot 'Invoke-PesterWorker.ps1')' -PesterManifest '$pester' -QueueDirectory '$queue' -ResultsDir '$results' -Target Manifest"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join [Environment]::NewLine)
        Get-ChildItem $queue -Filter '*.json' | Should -BeNullOrEmpty -Because 'the worker took the job'
        $log = Get-Content -Raw (Join-Path $results 'Fine.Tests.ps1.log')
        $log | Should -Match 'FINE OUTPUT'
        $log | Should -Match 'FINE CONSOLE' -Because 'what a test writes straight to the console belongs to its file'
        Join-Path $results 'Fine.Tests.ps1.xml' | Should -Exist
        $suite = Get-PesterWorkerResult -Name 'Pester (Manifest)' -SummaryPaths @($files | ForEach-Object { Join-Path $results "$(Split-Path $_ -Leaf).json" }) -Workers @([pscustomobject]@{ Id = 1; ExitCode = $run.ExitCode })
        $suite.Passed | Should -Be 1
        $suite.Failed | Should -BeGreaterThan 0
        ($suite.Problems -join "`n") | Should -Match 'Broken\.Tests\.ps1 failed outside its tests: the emulator did not start'
    }

    It 'stops a worker that runs one file past the limit, names that file, and runs the rest of the queue' -Tag 'RealTime' {
        # build.ps1's own worker pool on a queue whose first file never ends. The limit leaves the
        # second file's worker a minute to start and run one test, which a full suite's load
        # stretched past 10 s; the hung file would sleep ten minutes.
        Import-Module (Join-Path $PSScriptRoot '../../tools/TestRun.psm1') -Force
        $tests = Join-Path $TestDrive 'pool-tests'
        $queueDirectory = Join-Path $TestDrive 'pool-queue'
        $results = Join-Path $TestDrive 'pool-results'
        $null = New-Item -ItemType Directory -Path $tests, $queueDirectory, $results
        Set-Content -Path (Join-Path $tests 'Hangs.Tests.ps1') -Value "Describe 'd' { It 'i' { Start-Sleep -Seconds 600 } }"
        Set-Content -Path (Join-Path $tests 'Fine.Tests.ps1') -Value "Describe 'd' { It 'i' { 1 | Should -Be 1 } }"
        $jobs = @('Hangs.Tests.ps1', 'Fine.Tests.ps1' | ForEach-Object { @{ Target = 'Manifest'; Name = $_; Files = @(Join-Path $tests $_) } })
        for ($i = 0; $i -lt $jobs.Count; $i++) { $jobs[$i] | ConvertTo-Json | Set-Content -Path (Join-Path $queueDirectory ('{0:D3}.json' -f $i)) }
        $queue = [pscustomobject]@{ Target = 'Manifest'; Alone = $false; Results = $results; Jobs = $jobs; Directory = $queueDirectory }
        $pester = (Get-Module Pester).Path -replace 'Pester\.psm1$', 'Pester.psd1'

        $clock = [Diagnostics.Stopwatch]::StartNew()
        $workers = @(Invoke-WorkerPool -Queues @($queue) -Slots 1 -PesterManifest $pester -ResultsDir $TestDrive -FileTimeLimitSeconds 60 6>$null)
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 400 -Because 'the hung file is stopped at its limit, not at its end'

        $workers.Count | Should -Be 2 -Because 'a new worker takes the job the stopped one left'
        $workers[0].Problem | Should -Be 'Pester (Manifest): Hangs.Tests.ps1 ran past the 60 s limit for one file; its worker 1 was stopped.'
        $workers[1].Problem | Should -BeNullOrEmpty
        $suite = Get-PesterWorkerResult -Name 'Pester (Manifest)' -SummaryPaths @($jobs | ForEach-Object { Join-Path $results "$($_.Name).json" }) -Workers $workers
        $suite.Passed | Should -Be 1
        $suite.Failed | Should -BeGreaterThan 0
        $suite.Problems | Should -Be @(
            'Pester (Manifest): Hangs.Tests.ps1 has no result: its worker ended before the file did, or never reached it.'
            'Pester (Manifest): Hangs.Tests.ps1 ran past the 60 s limit for one file; its worker 1 was stopped.')
    }
}

Describe 'The summary build.ps1 writes' {
    It 'ends with N passed, N failed, N skipped, after the reason a crashed suite is not green' {
        $suites = @(
            Get-XunitSuiteResult -Name 'Demo.Tests' -TrxPath (New-Trx -Total 3 -Executed 3 -Passed 3) -ExitCode -532462766
            New-SuiteResult -Name 'Pester' -Passed 10 -Failed 0 -Skipped 2
        )
        $lines = New-Object System.Collections.Generic.List[string]
        Mock Write-Host -ModuleName TestResults { $lines.Add("$Object") }
        $failed = Write-TestSummary -Suites $suites
        $failed | Should -Be 1
        $lines[-1] | Should -Be '13 passed, 1 failed, 2 skipped'
        $lines | Should -Contain 'NOT GREEN: Demo.Tests: dotnet test exited with code -532462766.'
    }

    It 'reads green with the skips of a real TRX on its last line, which still starts N passed, N failed' {
        $suites = @(
            Get-XunitSuiteResult -Name 'PantoQa.Client.Tests' -TrxPath $script:skippedTrx -ExitCode 0
            New-SuiteResult -Name 'Pester' -Passed 10 -Failed 0
        )
        $lines = New-Object System.Collections.Generic.List[string]
        Mock Write-Host -ModuleName TestResults { $lines.Add("$Object") }
        Write-TestSummary -Suites $suites | Should -Be 0
        $lines | Should -Contain 'PantoQa.Client.Tests: 1 passed, 0 failed, 1 skipped'
        $lines | Should -Not -Match 'NOT GREEN'
        $lines[-1] | Should -Match '^(\d+) passed, (\d+) failed, (\d+) skipped$'
        $lines[-1] | Should -Be '11 passed, 0 failed, 1 skipped'
    }

    It 'fails when nothing ran at all' {
        Mock Write-Host -ModuleName TestResults { }
        Write-TestSummary -Suites @(New-SuiteResult -Name 'Pester' -Passed 0 -Failed 0) | Should -Be 1
    }
}
