# What build.ps1 Test counts, and why a suite is not green. Kept apart from BuildTools.psm1 so that
# tests/Pester/Invoke-PesterSuite.ps1 (which also runs under Windows PowerShell 5.1) and the
# self-test in tests/Pester/BuildTools.Tests.ps1 use the very rules build.ps1 uses.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function New-SuiteResult {
    <#
    .SYNOPSIS
        One suite's counts. Every problem counts as at least one failure, so a suite that
        crashed or ran short can never read green, whatever its counters say. Skipped tests
        (a test that skips itself, say without Node.js) are neither: they are counted apart.
    #>
    param([Parameter(Mandatory)][string] $Name, [int] $Passed, [int] $Failed, [int] $Skipped, [string[]] $Problems = @())
    $problems = @($Problems | Where-Object { $_ })
    if ($problems.Count -gt 0 -and $Failed -eq 0) { $Failed = 1 }
    [pscustomobject]@{ Name = $Name; Passed = $Passed; Failed = $Failed; Skipped = $Skipped; Problems = $problems }
}

function Get-XunitSuiteResult {
    <#
    .SYNOPSIS
        Counts one `dotnet test` run from its TRX file and its exit code.
    .DESCRIPTION
        A test host that crashes leaves a TRX whose counters cover only the tests that ran, or
        no TRX at all, and dotnet test then exits non-zero. Each of these is a problem: a missing
        TRX, tests discovered but with no result (they count as failed), and a non-zero exit code.

        A skipped test is not executed either, but it has a result of its own, outcome
        NotExecuted (the notExecuted counter stays 0), so the skipped are counted from the
        results and only the tests with no result at all are the short run's.
    #>
    param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][string] $TrxPath, [Parameter(Mandatory)][int] $ExitCode)
    $problems = @()
    $passed = 0; $failed = 0; $skipped = 0
    if (-not (Test-Path $TrxPath)) {
        $problems += "${Name}: dotnet test wrote no results file ($TrxPath)."
    }
    else {
        [xml] $doc = Get-Content -Raw $TrxPath
        $counters = $doc.TestRun.ResultSummary.Counters
        $passed = [int] $counters.passed
        $failed = [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        $skipped = @($doc.GetElementsByTagName('UnitTestResult') | Where-Object { $_.outcome -eq 'NotExecuted' }).Count
        $total = [int] $counters.total
        $executed = [int] $counters.executed
        $unaccounted = $total - $executed - $skipped
        if ($unaccounted -gt 0) {
            $problems += "${Name}: $executed of $total discovered tests were executed and $skipped skipped; the $unaccounted with no result count as failed (did the test host crash?)."
            $failed += $unaccounted
        }
        if ($total -eq 0) { $problems += "${Name}: no tests were discovered." }
    }
    if ($ExitCode -ne 0) {
        $problems += "${Name}: dotnet test exited with code $ExitCode."
    }
    New-SuiteResult -Name $Name -Passed $passed -Failed $failed -Skipped $skipped -Problems $problems
}

function Get-PesterSuiteResult {
    <#
    .SYNOPSIS
        Counts a Pester run from Invoke-Pester's result object (-PassThru).
    .DESCRIPTION
        A file whose discovery or BeforeAll fails has no failed tests of its own: its tests are
        not run. Such failed containers and blocks are problems, named with their error, and
        each counts as a failure.
    #>
    param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)] $Result)
    $problems = @()
    foreach ($container in @($Result.FailedContainers)) {
        $problems += "${Name}: $($container.Item) failed outside its tests: $(@($container.ErrorRecord)[0])"
    }
    foreach ($block in @($Result.FailedBlocks)) {
        $problems += "${Name}: block '$($block.ExpandedPath)' failed: $(@($block.ErrorRecord)[0])"
    }
    if ($Result.Result -eq 'NotRun') { $problems += "${Name}: Pester ran nothing." }
    $failed = [int] $Result.FailedCount + [int] $Result.FailedBlocksCount + [int] $Result.FailedContainersCount
    New-SuiteResult -Name $Name -Passed ([int] $Result.PassedCount) -Failed $failed -Skipped ([int] $Result.SkippedCount) -Problems $problems
}

function Get-PesterProcessResult {
    <#
    .SYNOPSIS
        Counts a Pester run made in another process from the summary it wrote and its exit code.
    .DESCRIPTION
        The process writes its summary (Invoke-PesterSuite.ps1) only when Pester itself ran to
        its end; a missing summary or a non-zero exit code is a problem.
    #>
    param([Parameter(Mandatory)][string] $Name, [Parameter(Mandatory)][string] $SummaryPath, [Parameter(Mandatory)][int] $ExitCode)
    $problems = @()
    $passed = 0; $failed = 0; $skipped = 0
    if (-not (Test-Path $SummaryPath)) {
        $problems += "${Name}: the Pester process wrote no summary ($SummaryPath)."
    }
    else {
        $summary = Get-Content -Raw $SummaryPath | ConvertFrom-Json
        $passed = [int] $summary.Passed
        $failed = [int] $summary.Failed
        $skipped = [int] $summary.Skipped
        $problems += @($summary.Problems | Where-Object { $_ })
    }
    if ($ExitCode -ne 0) { $problems += "${Name}: the Pester process exited with code $ExitCode." }
    New-SuiteResult -Name $Name -Passed $passed -Failed $failed -Skipped $skipped -Problems $problems
}

function Get-PesterWorkerResult {
    <#
    .SYNOPSIS
        Counts one Pester pass that build.ps1 spread over worker processes
        (tests/Pester/Invoke-PesterWorker.ps1), from the summary each file left and each
        worker's exit code.
    .DESCRIPTION
        A worker writes a file's summary only when that file ran to its end. So a planned file
        with no summary (its worker crashed, hung and was stopped, or never took it), a worker
        that exited non-zero, and a pass with no file at all are each a problem.
    #>
    param(
        [Parameter(Mandatory)][string] $Name,
        [Parameter(Mandatory)][AllowEmptyCollection()][string[]] $SummaryPaths,
        [Parameter(Mandatory)][AllowEmptyCollection()][object[]] $Workers
    )
    $problems = @()
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($path in $SummaryPaths) {
        if (-not (Test-Path $path)) {
            $file = [IO.Path]::GetFileNameWithoutExtension($path)
            $problems += "${Name}: $file has no result: its worker ended before the file did, or never reached it."
            $failed++
            continue
        }
        $summary = Get-Content -Raw $path | ConvertFrom-Json
        $passed += [int] $summary.Passed
        $failed += [int] $summary.Failed
        $skipped += [int] $summary.Skipped
        $problems += @($summary.Problems | Where-Object { $_ })
    }
    foreach ($worker in $Workers) {
        if ($worker.PSObject.Properties['Problem'] -and $worker.Problem) { $problems += $worker.Problem }
        elseif ($worker.ExitCode -ne 0) { $problems += "${Name}: worker $($worker.Id) exited with code $($worker.ExitCode)." }
    }
    if ($SummaryPaths.Count -eq 0) { $problems += "${Name}: no test file was planned." }
    New-SuiteResult -Name $Name -Passed $passed -Failed $failed -Skipped $skipped -Problems $problems
}

function Write-TestSummary {
    <#
    .SYNOPSIS
        Writes one line per suite, then every problem, then "N passed, N failed, N skipped" as
        the last line; returns the number failed, which is never 0 when a suite has a problem or
        when nothing ran at all. Skipped tests neither pass nor fail a run.
    #>
    param([Parameter(Mandatory)][object[]] $Suites)
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($suite in $Suites) {
        Write-Host ('{0}: {1} passed, {2} failed, {3} skipped' -f $suite.Name, $suite.Passed, $suite.Failed, $suite.Skipped)
        $passed += $suite.Passed
        $failed += $suite.Failed
        $skipped += $suite.Skipped
    }
    foreach ($problem in @($Suites | ForEach-Object { $_.Problems })) { Write-Host "NOT GREEN: $problem" }
    # Nothing run at all is a broken suite, not a green one.
    if ($passed + $failed -eq 0) {
        Write-Host 'NOT GREEN: no test ran.'
        $failed = 1
    }
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    return $failed
}

Export-ModuleMember -Function New-SuiteResult, Get-XunitSuiteResult, Get-PesterSuiteResult, Get-PesterProcessResult, Get-PesterWorkerResult, Write-TestSummary
