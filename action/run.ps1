<#
.SYNOPSIS
    The action's one step: starts Panto QA runs (or takes a trigger that exists), waits for them,
    writes the JUnit report and the job summary, annotates the failed runs and gates the step.
.DESCRIPTION
    Reads every input from INPUT_<NAME> (the input's name upper-cased, hyphens kept), as GitHub
    passes inputs to JavaScript and Docker actions; action.yml passes them so. Writes its
    outputs to $env:GITHUB_OUTPUT and its report to $env:GITHUB_STEP_SUMMARY when they are set,
    so it also runs outside GitHub. Exits 0 when the gate is green, or when fail-on-failure is
    false and every trigger was read to a final status; 1 otherwise, after the reports and the
    outputs are written.
#>
[CmdletBinding()]
param()

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
# Progress bars are noise in a CI log; the module writes its own lines as triggers start and end.
$ProgressPreference = 'SilentlyContinue'
Import-Module (Join-Path $PSScriptRoot 'PantoQaAction.psm1')

function Invoke-Collected {
    <#
    Runs a PantoQa command, writing its objects and adding its errors, terminating or not, to
    $Problems, so that one failure still lets the reports and the outputs be written.
    #>
    param([Parameter(Mandatory)][scriptblock] $Command, [Parameter(Mandatory)] $Problems)
    try {
        & $Command 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $Problems.Add($_) } else { $_ }
        }
    }
    catch { $Problems.Add($_) }
}

$outputs = [ordered]@{ 'trigger-id' = ''; status = 'failed'; total = 0; passed = 0; failed = 0; 'in-process' = 0; junit = '' }
$exitCode = 1
try {
    # Masked before anything else is read, so no later line can show it.
    $key = Get-ActionInput -Name 'api-key'
    if ($key) { Write-Host "::add-mask::$(ConvertTo-CommandData $key)" }
    $key = $null
    $settings = Read-ActionSettings
    # Nothing this step starts needs the key in its environment.
    Remove-Item -LiteralPath 'Env:INPUT_API-KEY' -ErrorAction SilentlyContinue

    $module = Get-PantoQaModule -Settings $settings
    Import-Module $module -Force
    $connect = @{ ApiKey = $settings.ApiKey }
    if ($settings.BaseUri) { $connect.BaseUri = $settings.BaseUri }
    Connect-PantoQa @connect
    $settings.ApiKey = $null

    $problems = New-Object System.Collections.Generic.List[object]
    $triggerIds = @($settings.TriggerIds)
    if ($settings.AppId) {
        $start = @{ AppId = $settings.AppId; Device = $settings.Devices; ErrorAction = 'Continue' }
        if ($settings.IncludeTag) { $start.IncludeTag = $settings.IncludeTag }
        elseif ($settings.ExcludeTag) { $start.ExcludeTag = $settings.ExcludeTag }
        else { $start.Name = $settings.Names }
        if ($settings.Environment) { $start.Environment = $settings.Environment }
        if ($settings.Context) { $start.Context = $settings.Context }
        $started = if ($settings.Suite) { Invoke-Collected { Start-PantoTestSuite @start } $problems } else { Invoke-Collected { Start-PantoTestFlow @start } $problems }
        $triggerIds = @($started | ForEach-Object { $_.trigger_id })
    }
    $outputs['trigger-id'] = $triggerIds -join ' '

    $final = @()
    if ($triggerIds.Count) {
        $final = @(Invoke-Collected { Wait-PantoTrigger -TriggerId $triggerIds -Timeout $settings.Timeout -PollInterval $settings.PollInterval -ErrorAction Continue } $problems)
    }
    # A wait that timed out leaves the last result it saw, so the reports still show those runs.
    $unfinished = @($problems | Where-Object { $_.FullyQualifiedErrorId -like 'WaitTimeout,*' -and $null -ne $_.TargetObject -and $_.TargetObject.PSObject.Properties['test_runs'] } |
            ForEach-Object { $_.TargetObject })
    $reported = @($final) + @($unfinished)

    if ($settings.JUnit) {
        $folder = Split-Path $settings.JUnit -Parent
        if ($folder -and -not (Test-Path -LiteralPath $folder)) { $null = New-Item -ItemType Directory -Path $folder -Force }
        $before = $problems.Count
        Invoke-Collected { $reported | Export-PantoTestReport -Path $settings.JUnit } $problems
        if ($problems.Count -eq $before) { $outputs.junit = $settings.JUnit }
    }
    if ($settings.Summary -and $env:GITHUB_STEP_SUMMARY) {
        Invoke-Collected { $reported | Export-PantoTestReport -Path $env:GITHUB_STEP_SUMMARY -Format Markdown -Append } $problems
    }

    $verdict = Get-GateVerdict -TriggerIds $triggerIds -Final $final -Unfinished $unfinished -ErrorCount $problems.Count
    $outputs.status = $verdict.Status
    $outputs.total = $verdict.Total
    $outputs.passed = $verdict.Passed
    $outputs.failed = $verdict.Failed
    $outputs['in-process'] = $verdict.InProcess

    if ($settings.Annotations) { Get-FailedRunAnnotation -Results $final | ForEach-Object { Write-Host $_ } }
    foreach ($problem in $problems) { Write-Host (Format-WorkflowCommand -Command error -Title 'Panto QA' -Message "$problem") }
    $level = if ($settings.FailOnFailure) { 'error' } else { 'warning' }
    foreach ($result in $verdict.NotPassed) {
        $message = "Trigger '$($result.trigger_id)' ended $($result.status): $($result.passed) of $($result.total) runs passed, $($result.failed) failed."
        Write-Host (Format-WorkflowCommand -Command $level -Title 'Panto QA' -Message $message)
    }
    if ($problems.Count -and $settings.Summary -and $env:GITHUB_STEP_SUMMARY) {
        $lines = @('', '**Panto QA could not finish:**', '') + @($problems | ForEach-Object { '- ' + ("$_" -replace '\s*\r?\n\s*', ' ') }) + ''
        [IO.File]::AppendAllText($env:GITHUB_STEP_SUMMARY, ($lines -join "`n"), (New-Object System.Text.UTF8Encoding($false)))
    }
    $exitCode = if ($verdict.Green -or ($verdict.Settled -and -not $settings.FailOnFailure)) { 0 } else { 1 }
}
catch {
    Write-Host (Format-WorkflowCommand -Command error -Title 'Panto QA' -Message $_.Exception.Message)
    $exitCode = 1
}
finally {
    Write-ActionOutput -Path $env:GITHUB_OUTPUT -Values $outputs
}
exit $exitCode
