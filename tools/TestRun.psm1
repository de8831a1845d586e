# How build.ps1 Test runs the suites on every core: the xunit projects side by side, and the
# Pester files spread over worker processes (tests/Pester/Invoke-PesterWorker.ps1), longest
# first, with the files that must not share the machine after the rest. Each process writes to
# its own files; a log is printed whole, with its name, once its part is done, so the CI log
# reads as if the parts had run one after the other. What is counted, and what makes a suite
# not green, is tools/TestResults.psm1's.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BuildTools.psm1')
Import-Module (Join-Path $PSScriptRoot 'TestResults.psm1')

function Start-LoggedProcess {
    <# Starts a program with its output and errors sent to <Log>.out and <Log>.err. #>
    param([Parameter(Mandatory)][string] $FilePath, [Parameter(Mandatory)][string[]] $Arguments, [Parameter(Mandatory)][string] $Log)
    # One command line: quoted, so paths with spaces stay one argument on every OS.
    $line = ($Arguments | ForEach-Object { '"' + ($_ -replace '"', '\"') + '"' }) -join ' '
    Start-Process -FilePath $FilePath -ArgumentList $line -RedirectStandardOutput "$Log.out" -RedirectStandardError "$Log.err" -NoNewWindow -PassThru
}

function Write-LoggedOutput {
    <# Prints a finished process's output, then its errors, under one heading. #>
    param([Parameter(Mandatory)][string] $Heading, [Parameter(Mandatory)][string] $Log)
    Write-Host "==== $Heading"
    foreach ($stream in "$Log.out", "$Log.err") {
        if ((Test-Path $stream) -and (Get-Item $stream).Length -gt 0) { Write-Host (Get-Content -Raw $stream).TrimEnd() }
    }
}

function Invoke-XunitSuites {
    <#
    .SYNOPSIS
        Runs every xunit project at the same time, one result per project
        (tools/TestResults.psm1): counts from its TRX file, problems from the TRX and from
        dotnet test's exit code.
    #>
    param([Parameter(Mandatory)][string] $Root, [Parameter(Mandatory)][string] $Configuration, [Parameter(Mandatory)][string] $ResultsDir)
    $runs = foreach ($project in @(Get-ChildItem (Join-Path $Root 'tests') -Recurse -Filter '*.Tests.csproj')) {
        $trx = "$($project.BaseName).trx"
        $log = Join-Path $ResultsDir $project.BaseName
        $process = Start-LoggedProcess -FilePath dotnet -Log $log -Arguments @(
            'test', $project.FullName, '--no-build', '-c', $Configuration, '--nologo',
            '--logger', "trx;LogFileName=$trx", '--logger', 'console;verbosity=minimal', '--results-directory', $ResultsDir)
        [pscustomobject]@{ Project = $project; Process = $process; Log = $log; Trx = (Join-Path $ResultsDir $trx) }
    }
    foreach ($run in $runs) {
        $run.Process.WaitForExit()
        Write-LoggedOutput -Heading $run.Project.BaseName -Log $run.Log
        Get-XunitSuiteResult -Name $run.Project.BaseName -TrxPath $run.Trx -ExitCode $run.Process.ExitCode
    }
}

function Invoke-PesterSuites {
    <#
    .SYNOPSIS
        Runs the Pester passes (-Target: Manifest, the module as users import it; Desktop, its
        netstandard2.0 build) over -Workers processes, then the files that run alone, and
        returns one result per pass.
    .DESCRIPTION
        tests/Pester/SuitePlan.psm1 says which files each pass runs, in which order, which run
        alone and which share a worker. A worker serves one pass until its queue is empty; a
        free slot goes to the pass with the most work waiting per worker already on it.
    #>
    param(
        [Parameter(Mandatory)][string] $Root,
        [Parameter(Mandatory)][string] $ResultsDir,
        [string[]] $ExcludeTag = @(),
        [ValidateSet('Manifest', 'Desktop')][string[]] $Target = @('Manifest', 'Desktop'),
        [switch] $Fast,
        [ValidateRange(1, 16)][int] $Workers = 2
    )
    $pesterManifest = Restore-PesterDependencies -Root $Root
    $testDirectory = Join-Path $Root 'tests/Pester'
    Import-Module (Join-Path $testDirectory 'SuitePlan.psm1') -Force

    $queues = New-Object System.Collections.Generic.List[object]
    $summaries = @{}
    $order = 0
    foreach ($pass in $Target) {
        $skipped = Get-PesterSkippedFile -Target $pass
        foreach ($file in $skipped.Keys) { Write-Host "Pester ($pass) leaves out ${file}: $($skipped[$file])." }
        $results = Join-Path $ResultsDir "pester-$($pass.ToLowerInvariant())"
        $jobs = @(Get-PesterJob -Directory $testDirectory -Target $pass -Fast:$Fast)
        $summaries[$pass] = @($jobs | ForEach-Object { $_.Files } | ForEach-Object { Join-Path $results "$(Split-Path $_ -Leaf).json" })
        foreach ($alone in $false, $true) {
            $queue = [pscustomobject]@{
                Target = $pass; Alone = $alone; Results = $results; Jobs = @($jobs | Where-Object Alone -EQ $alone)
                Directory = Join-Path $ResultsDir "pester-queue/$($pass.ToLowerInvariant())$(if ($alone) { '-alone' })"
            }
            if (-not $queue.Jobs) { continue }
            $null = New-Item -ItemType Directory -Force -Path $queue.Directory
            foreach ($job in $queue.Jobs) {
                $job | ConvertTo-Json | Set-Content -Path (Join-Path $queue.Directory ('{0:D3}.json' -f $order++))
            }
            $queues.Add($queue)
        }
    }
    Get-PesterPlanNote | ForEach-Object { Write-Host $_ }

    $arguments = @{ PesterManifest = $pesterManifest; ExcludeTag = ($ExcludeTag -join ','); ResultsDir = $ResultsDir }
    $arguments.FileTimeLimitSeconds = $FileTimeLimitSeconds
    $started = @(Invoke-WorkerPool -Queues @($queues | Where-Object { -not $_.Alone }) -Slots $Workers @arguments)
    $started += @(Invoke-WorkerPool -Queues @($queues | Where-Object Alone) -Slots 1 @arguments)
    foreach ($pass in $Target) {
        Get-PesterWorkerResult -Name "Pester ($pass)" -SummaryPaths $summaries[$pass] -Workers @($started | Where-Object Target -EQ $pass)
    }
}

function Restore-PesterDependencies {
    <# Restores Pester and the other test packages when missing; returns Pester's manifest. #>
    param([Parameter(Mandatory)][string] $Root)
    $testDependencies = Join-Path $Root 'tools/TestDependencies/TestDependencies.csproj'
    if (-not (Test-TestDependenciesRestored -Project $testDependencies)) {
        Invoke-Native dotnet restore $testDependencies --nologo -v:quiet
    }
    Join-Path (Get-NuGetPackageRoot) "pester/$(Get-PesterVersion -Root $Root)/tools/Pester.psd1"
}

function Invoke-WorkerPool {
    <#
    .SYNOPSIS
        Keeps up to -Slots workers on the queues until every job is taken and every worker has
        ended, printing each file's log as soon as its summary is written; returns the workers
        (Id, Target, ExitCode, Problem).
    .DESCRIPTION
        A worker still on one file after -FileTimeLimitSeconds is stopped with the processes it
        started (its emulators); its Problem names the file, and another worker takes the jobs
        left in its queue.
    #>
    param(
        [Parameter(Mandatory)][AllowEmptyCollection()][object[]] $Queues,
        [Parameter(Mandatory)][int] $Slots,
        [Parameter(Mandatory)][string] $PesterManifest,
        [Parameter(Mandatory)][string] $ResultsDir,
        [Parameter(Mandatory)][int] $FileTimeLimitSeconds,
        [string] $ExcludeTag = ''
    )
    $pwsh = Get-PwshCommand
    $worker = Join-Path $PSScriptRoot '../tests/Pester/Invoke-PesterWorker.ps1'
    $running = New-Object System.Collections.Generic.List[object]
    $ended = New-Object System.Collections.Generic.List[object]
    $printed = @{}
    while ($true) {
        foreach ($entry in $running) {
            if ($entry.Process.HasExited -or -not (Test-Path "$($entry.Log).current")) { continue }
            $current = Get-Item "$($entry.Log).current"
            if (([datetime]::UtcNow - $current.LastWriteTimeUtc).TotalSeconds -lt $FileTimeLimitSeconds) { continue }
            $file = Split-Path (Get-Content -Raw $current.FullName).Trim() -Leaf
            $entry.Problem = "Pester ($($entry.Target)): $file ran past the $FileTimeLimitSeconds s limit for one file; its worker $($entry.Id) was stopped."
            $entry.Process.Kill($true)
        }
        foreach ($entry in @($running | Where-Object { $_.Process.HasExited })) {
            $entry.Process.WaitForExit()
            $null = $running.Remove($entry)
            $entry.ExitCode = $entry.Process.ExitCode
            $ended.Add($entry)
        }
        Write-FinishedFile -Queues $Queues -Printed $printed
        $waiting = @($Queues | Where-Object { @(Get-ChildItem -Path $_.Directory -Filter '*.json').Count -gt 0 })
        if (-not $waiting -and $running.Count -eq 0) { break }
        if ($waiting -and $running.Count -lt $Slots) {
            # The pass with the most jobs waiting per worker it already has.
            $queue = $waiting | Sort-Object -Descending -Property {
                $pending = @(Get-ChildItem -Path $_.Directory -Filter '*.json').Count
                $pending / (1 + @($running | Where-Object Queue -EQ $_).Count)
            } | Select-Object -First 1
            $id = $ended.Count + $running.Count + 1
            $log = Join-Path $ResultsDir "pester-worker-$($queue.Target.ToLowerInvariant())$(if ($queue.Alone) { '-alone' })-$id"
            $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $worker, '-PesterManifest', $PesterManifest,
                '-QueueDirectory', $queue.Directory, '-ResultsDir', $queue.Results, '-Target', $queue.Target, '-CurrentFile', "$log.current")
            if ($ExcludeTag) { $arguments += @('-ExcludeTag', $ExcludeTag) }
            $process = Start-LoggedProcess -FilePath $pwsh[0] -Log $log -Arguments $arguments
            $running.Add([pscustomobject]@{ Id = $id; Target = $queue.Target; Queue = $queue; Process = $process; Log = $log; ExitCode = $null; Problem = $null })
            continue
        }
        Start-Sleep -Seconds 1
    }
    foreach ($entry in $ended) {
        # A worker prints nothing itself; anything here is from a crash or from outside Pester.
        $quiet = @("$($entry.Log).out", "$($entry.Log).err" | Where-Object { (Test-Path $_) -and (Get-Item $_).Length -gt 0 }).Count -eq 0
        if (-not $quiet) { Write-LoggedOutput -Heading "Pester worker $($entry.Id) ($($entry.Target)), exit code $($entry.ExitCode)" -Log $entry.Log }
    }
    Write-FinishedFile -Queues $Queues -Printed $printed -Unfinished
    $ended
}

function Write-FinishedFile {
    <# Prints each file whose summary is written, once; with -Unfinished, also those with a log but no summary. #>
    param([Parameter(Mandatory)][AllowEmptyCollection()][object[]] $Queues, [Parameter(Mandatory)][hashtable] $Printed, [switch] $Unfinished)
    foreach ($queue in $Queues) {
        foreach ($path in @($queue.Jobs | ForEach-Object { $_.Files })) {
            $base = Join-Path $queue.Results (Split-Path $path -Leaf)
            $key = "$($queue.Target) $path"
            if ($Printed.ContainsKey($key)) { continue }
            $done = Test-Path "$base.json"
            if (-not $done -and -not ($Unfinished -and (Test-Path "$base.log"))) { continue }
            $Printed[$key] = $true
            $time = if ($done) { "$((Get-Content -Raw "$base.json" | ConvertFrom-Json).Seconds) s" } else { 'did not finish' }
            Write-Host "==== Pester ($($queue.Target)): $(Split-Path $path -Leaf), $time"
            if (Test-Path "$base.log") { Write-Host (Get-Content -Raw "$base.log").TrimEnd() }
        }
    }
}

Export-ModuleMember -Function Invoke-XunitSuites, Invoke-PesterSuites, Invoke-WorkerPool
