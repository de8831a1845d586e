# What action/run.ps1 needs besides the cmdlets: its inputs read and checked before anything is
# sent, the PantoQa module found or installed, GitHub's workflow commands and output file, and
# the gate's verdict over what the wait returned. Windows PowerShell 5.1 runs it too, so the
# action also works under `shell: powershell` and in the suite's Windows PowerShell job.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$RepoRoot = Split-Path $PSScriptRoot -Parent
$ActionFile = Join-Path $RepoRoot 'action.yml'
Import-Module (Join-Path $RepoRoot 'tools/ActionMetadata.psm1')

# The inputs that only mean something when the action starts runs.
$StartInputs = 'include-tags', 'exclude-tags', 'names', 'devices', 'environment', 'context'

function Stop-Input([string] $Message) {
    throw (New-Object System.ArgumentException $Message)
}

function Get-ActionInput {
    <#
    .SYNOPSIS
        An input's value from INPUT_<NAME> (upper case, hyphens kept), trimmed; its default in
        action.yml when the variable is not set at all, as when run outside GitHub.
    #>
    param([Parameter(Mandatory)][string] $Name, [System.Collections.IDictionary] $Environment, [string] $Default = '')
    $variable = 'INPUT_' + $Name.ToUpperInvariant()
    $value = if ($Environment) { $Environment[$variable] } else { [Environment]::GetEnvironmentVariable($variable) }
    if ($null -eq $value) { return $Default }
    ([string] $value).Trim()
}

function Get-InputLine([string] $Text) {
    @($Text -split '\r?\n' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
}

function ConvertTo-Switch([string] $Name, [string] $Value) {
    if ($Value -eq 'true') { return $true }
    if ($Value -eq 'false') { return $false }
    Stop-Input "The input $Name is true or false, not '$Value'."
}

function ConvertTo-Seconds([string] $Name, [string] $Value, [int] $Maximum) {
    [long] $seconds = 0
    if (-not [long]::TryParse($Value, [Globalization.NumberStyles]::None, [Globalization.CultureInfo]::InvariantCulture, [ref] $seconds) -or $seconds -lt 1 -or $seconds -gt $Maximum) {
        Stop-Input "The input $Name is a whole number of seconds from 1 to $Maximum, not '$Value'."
    }
    [int] $seconds
}

function ConvertTo-TagMap([string] $Name, [string] $Text) {
    # Tag names compare exactly, case included, as the service compares them.
    $map = New-Object System.Collections.Hashtable ([StringComparer]::Ordinal)
    foreach ($line in Get-InputLine $Text) {
        $tag, $list = $line -split '=', 2
        $values = @(if ($null -ne $list) { $list -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ } })
        if (-not $tag.Trim() -or $values.Count -eq 0) {
            Stop-Input "The $Name line '$line' is not name=value1,value2, such as priority=p1,p2."
        }
        $tag = $tag.Trim()
        if ($map.ContainsKey($tag)) { $map[$tag] = @($map[$tag]) + @($values | Where-Object { $map[$tag] -cnotcontains $_ }) }
        else { $map[$tag] = $values }
    }
    $map
}

function ConvertTo-DeviceList([string] $Text) {
    foreach ($line in Get-InputLine $Text) {
        $parts = @($line -split ':' | ForEach-Object { $_.Trim() })
        if ($parts.Count -notin 2, 3 -or @($parts | Where-Object { -not $_ }).Count -gt 0) {
            Stop-Input "The devices line '$line' is not platform:device name:version or device name:version, such as android:Pixel 6:14."
        }
        $parts -join ':'
    }
}

function Read-ActionSettings {
    <#
    .SYNOPSIS
        Reads and checks every input, so that a bad one fails before anything is installed or
        sent; returns the settings run.ps1 acts on. Throws an ArgumentException that names the
        input and says what it takes.
    .PARAMETER Environment
        The variables to read instead of the process's, as the tests pass them.
    #>
    param([System.Collections.IDictionary] $Environment)
    $in = @{}
    foreach ($item in (Read-ActionMetadata -Path $ActionFile).Inputs) {
        $in[$item.name] = Get-ActionInput -Name $item.name -Environment $Environment -Default $item.default
    }

    if (-not $in['api-key']) {
        Stop-Input 'The input api-key is empty. Pass the Panto API key from a secret: api-key: ${{ secrets.PANTO_API_KEY }} (workflows run for pull requests from forks get no secrets).'
    }
    $triggerIds = @($in['trigger-id'] -split '\s+' | Where-Object { $_ } | Select-Object -Unique)
    if ($triggerIds.Count -and $in['app-id']) {
        Stop-Input 'Give trigger-id (to wait for a trigger that exists) or app-id (to start runs of a build), not both.'
    }
    if (-not $triggerIds.Count -and -not $in['app-id']) {
        Stop-Input 'Give trigger-id to wait for a trigger that exists, or app-id to start runs of a build.'
    }

    $settings = [pscustomobject]@{
        ApiKey = $in['api-key']
        BaseUri = $in['base-uri']
        TriggerIds = $triggerIds
        AppId = $in['app-id']
        Suite = ConvertTo-Switch 'suite' $in['suite']
        IncludeTag = $null
        ExcludeTag = $null
        Names = @()
        Devices = @()
        Environment = $in['environment']
        Context = $in['context']
        Timeout = ConvertTo-Seconds 'timeout' $in['timeout'] ([int]::MaxValue)
        PollInterval = ConvertTo-Seconds 'poll-interval' $in['poll-interval'] 3600
        JUnit = $in['junit']
        Summary = ConvertTo-Switch 'summary' $in['summary']
        Annotations = ConvertTo-Switch 'annotations' $in['annotations']
        FailOnFailure = ConvertTo-Switch 'fail-on-failure' $in['fail-on-failure']
        ModuleVersion = $null
        ModulePath = $null
    }

    if ($triggerIds.Count) {
        $given = @($StartInputs | Where-Object { $in[$_] })
        if ($given.Count) { Stop-Input "The inputs $($given -join ', ') apply only when starting runs with app-id; leave them out with trigger-id." }
    }
    else {
        if ($in['include-tags'] -and $in['exclude-tags']) {
            Stop-Input 'Give include-tags or exclude-tags, not both: a trigger request takes one of them.'
        }
        if ($in['names'] -and $settings.Suite) {
            Stop-Input 'The input names selects root test flows; with suite: true, select suites with include-tags or exclude-tags.'
        }
        if ($in['names'] -and ($in['include-tags'] -or $in['exclude-tags'])) {
            Stop-Input 'Give names or tags, not both: a trigger request takes one selector.'
        }
        if ($in['include-tags']) { $settings.IncludeTag = ConvertTo-TagMap 'include-tags' $in['include-tags'] }
        elseif ($in['exclude-tags']) { $settings.ExcludeTag = ConvertTo-TagMap 'exclude-tags' $in['exclude-tags'] }
        elseif ($in['names']) { $settings.Names = Get-InputLine $in['names'] }
        else { Stop-Input 'Choose what to start: include-tags, exclude-tags or, for flows, names.' }
        $settings.Devices = @(ConvertTo-DeviceList $in['devices'])
        if ($settings.Devices.Count -eq 0) {
            Stop-Input 'Starting runs needs devices: one platform:device name:version or device name:version per line, such as android:Pixel 6:14.'
        }
    }

    if ($in['module-path'] -and $in['module-version']) {
        Stop-Input 'Give module-path (a module on disk) or module-version (one to install), not both.'
    }
    if ($in['module-path']) {
        if (-not (Test-Path -LiteralPath $in['module-path'])) { Stop-Input "The input module-path names '$($in['module-path'])', which does not exist." }
        $settings.ModulePath = (Resolve-Path -LiteralPath $in['module-path']).ProviderPath
    }
    else {
        # Only here: a step given module-path never pays for loading the build tools.
        Import-Module (Join-Path $RepoRoot 'tools/ReleaseTools.psm1')
        Import-Module (Join-Path $RepoRoot 'tools/BuildTools.psm1')
        $version = if ($in['module-version']) { $in['module-version'] } else { Get-ModuleVersion -Root $RepoRoot }
        try { $settings.ModuleVersion = ConvertTo-ReleaseVersion $version }
        catch { Stop-Input "The input module-version: $($_.Exception.Message)" }
    }
    $settings
}

function Get-Prerelease($Module) {
    $data = $Module.PrivateData
    if ($data -is [hashtable] -and $data['PSData'] -is [hashtable]) { return [string] $data['PSData']['Prerelease'] }
    ''
}

function Find-PantoQa($Release) {
    Get-Module -ListAvailable -Name PantoQa | Where-Object {
        $_.Version -eq [version] $Release.ModuleVersion -and (Get-Prerelease $_) -eq $Release.Prerelease
    } | Select-Object -First 1
}

function Get-PantoQaModule {
    <#
    .SYNOPSIS
        The PantoQa module to import: module-path as given, else the version asked for, from
        the modules installed or, failing that, installed from the PowerShell Gallery with
        PSResourceGet where it is and PowerShellGet where it is not.
    #>
    param([Parameter(Mandatory)] $Settings)
    if ($Settings.ModulePath) { return $Settings.ModulePath }
    $release = $Settings.ModuleVersion
    $found = Find-PantoQa $release
    if ($found) {
        Write-Host "PantoQa $($release.Version) is installed at $($found.ModuleBase)."
        return $found.Path
    }
    Write-Host "Installing PantoQa $($release.Version) from the PowerShell Gallery."
    $prerelease = [bool] $release.Prerelease
    if (Get-Command Install-PSResource -ErrorAction SilentlyContinue) {
        Install-PSResource -Name PantoQa -Version $release.Version -Prerelease:$prerelease -Repository PSGallery -TrustRepository -Scope CurrentUser -Quiet
    }
    else {
        Install-Module -Name PantoQa -RequiredVersion $release.Version -AllowPrerelease:$prerelease -Repository PSGallery -Scope CurrentUser -Force
    }
    $found = Find-PantoQa $release
    if (-not $found) { throw "PantoQa $($release.Version) was installed but is not where PowerShell looks for modules (PSModulePath)." }
    $found.Path
}

function ConvertTo-CommandData([string] $Text) {
    <# Escapes a workflow command's message, as GitHub's toolkit does: %, CR and LF. #>
    $Text.Replace('%', '%25').Replace("`r", '%0D').Replace("`n", '%0A')
}

function ConvertTo-CommandProperty([string] $Text) {
    <# Escapes a workflow command's property value: the message's escapes, and : and , too. #>
    (ConvertTo-CommandData $Text).Replace(':', '%3A').Replace(',', '%2C')
}

function Format-WorkflowCommand {
    <# One workflow command line, such as ::error title=...::message. #>
    param([Parameter(Mandatory)][string] $Command, [string] $Title, [string] $Message = '')
    $properties = if ($Title) { ' title=' + (ConvertTo-CommandProperty $Title) } else { '' }
    "::$Command$($properties)::$(ConvertTo-CommandData $Message)"
}

function Test-Passed([string] $Status) { [string]::Equals($Status, 'passed', [StringComparison]::OrdinalIgnoreCase) }

function Get-FailedRunAnnotation {
    <#
    .SYNOPSIS
        One ::error line per failed run of the final trigger results given, at most Limit, then
        one ::notice line that counts the rest.
    .NOTES
        A run failed when its runner_status is not passed (ignoring case): the triggers given
        are final, so none of their runs is still going.
    #>
    param([object[]] $Results = @(), [int] $Limit = 50)
    $failed = @(foreach ($result in $Results) { foreach ($run in @($result.test_runs)) { if (-not (Test-Passed $run.runner_status)) { $run } } })
    foreach ($run in @($failed | Select-Object -First $Limit)) {
        $title = if ($run.test_run_name) { [string] $run.test_run_name } else { [string] $run.id }
        $devices = @(@($run.target_device_list) | Where-Object { $null -ne $_ } | ForEach-Object { "$_".Trim() } | Where-Object { $_ })
        if ($devices.Count) { $title += ' on ' + ($devices -join ', ') }
        $message = if ("$($run.remark)".Trim()) { [string] $run.remark } else { "Run $($run.id) ended $($run.runner_status) with no remark." }
        Format-WorkflowCommand -Command error -Title $title -Message $message
    }
    if ($failed.Count -gt $Limit) {
        Format-WorkflowCommand -Command notice -Title 'Panto QA' -Message "$($failed.Count - $Limit) more runs failed; only the first $Limit are annotated."
    }
}

function Get-GateVerdict {
    <#
    .SYNOPSIS
        What the step's outputs say and whether it is green, from the triggers asked about, the
        final results the wait returned, the last results of triggers whose wait timed out and
        the number of errors.
    .NOTES
        Green only when every trigger was read to a final status that is passed (ignoring case)
        and nothing went wrong. Status: passed then, else the aggregate of the first trigger,
        in input order, that did not pass; failed when any trigger was not read at all.
        Settled: every trigger read to a final status with no error, so only the statuses can
        make it red, which is what fail-on-failure false lets through.
    #>
    param([string[]] $TriggerIds = @(), [object[]] $Final = @(), [object[]] $Unfinished = @(), [int] $ErrorCount = 0)
    $finalById = New-Object 'System.Collections.Generic.Dictionary[string,object]' ([StringComparer]::Ordinal)
    $lastById = New-Object 'System.Collections.Generic.Dictionary[string,object]' ([StringComparer]::Ordinal)
    foreach ($result in $Final) { $finalById[[string] $result.trigger_id] = $result }
    foreach ($result in $Unfinished) { if (-not $finalById.ContainsKey([string] $result.trigger_id)) { $lastById[[string] $result.trigger_id] = $result } }

    $firstSeen = $null
    $firstNotPassed = $null
    $unread = $TriggerIds.Count -eq 0
    foreach ($id in $TriggerIds) {
        if ($finalById.ContainsKey($id)) { $seen = [string] $finalById[$id].status; $passed = Test-Passed $seen }
        elseif ($lastById.ContainsKey($id)) { $seen = [string] $lastById[$id].status; $passed = $false }
        else { $unread = $true; continue }
        if ($null -eq $firstSeen) { $firstSeen = $seen }
        if (-not $passed -and $null -eq $firstNotPassed) { $firstNotPassed = $seen }
    }
    $status = if ($unread) { '' } elseif ($null -ne $firstNotPassed) { $firstNotPassed } else { $firstSeen }
    # A blank aggregate is one the gate could not read either.
    if (-not $status.Trim()) { $status = 'failed' }

    $reported = @($finalById.Values) + @($lastById.Values)
    $counts = @{}
    foreach ($name in 'total', 'passed', 'failed', 'in_process') {
        $counts[$name] = 0
        foreach ($result in $reported) { $counts[$name] += [int] $result.$name }
    }
    $settled = -not $unread -and $lastById.Count -eq 0 -and $ErrorCount -eq 0
    [pscustomobject]@{
        Status = $status
        Total = $counts['total']
        Passed = $counts['passed']
        Failed = $counts['failed']
        InProcess = $counts['in_process']
        Settled = $settled
        Green = $settled -and $null -eq $firstNotPassed
        NotPassed = @($TriggerIds | Where-Object { $finalById.ContainsKey($_) -and -not (Test-Passed $finalById[$_].status) } | ForEach-Object { $finalById[$_] })
    }
}

function Write-ActionOutput {
    <#
    .SYNOPSIS
        Appends the outputs to GitHub's output file in its multiline form, with a delimiter no
        value can contain, as GitHub's toolkit writes them.
    #>
    param([string] $Path, [Parameter(Mandatory)][System.Collections.IDictionary] $Values)
    if (-not $Path) { return }
    $text = New-Object System.Text.StringBuilder
    foreach ($name in $Values.Keys) {
        $delimiter = 'ghadelimiter_' + [guid]::NewGuid().ToString()
        $null = $text.Append("$name<<$delimiter`n$($Values[$name])`n$delimiter`n")
    }
    [IO.File]::AppendAllText($Path, $text.ToString(), (New-Object System.Text.UTF8Encoding($false)))
}

Export-ModuleMember -Function Get-ActionInput, Read-ActionSettings, Get-PantoQaModule, ConvertTo-CommandData, Format-WorkflowCommand, Test-Passed, Get-FailedRunAnnotation, Get-GateVerdict, Write-ActionOutput
