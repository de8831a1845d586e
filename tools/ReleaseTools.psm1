# What a release needs beyond a build: the version split the way PowerShell modules take it,
# the changelog section of a version, the tags that make the cmdlets findable by name, the
# push of the module and emulator tool packages.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function ConvertTo-ReleaseVersion {
    <#
    .SYNOPSIS
        Splits a version such as 1.2.0-beta1 into the manifest's ModuleVersion (1.2.0) and its
        PSData.Prerelease (beta1), since a module version has no suffix.
    .NOTES
        PowerShellGet and the Gallery take a prerelease label of ASCII letters and digits only, so
        1.2.0-beta.1 or 1.2.0-rc-1 are refused here rather than at publish time.
    #>
    param([Parameter(Mandatory)][string] $Version)
    if ($Version -notmatch '^(?<core>\d+\.\d+\.\d+)(-(?<label>[0-9A-Za-z]+))?$') {
        throw "'$Version' is not a release version: use MAJOR.MINOR.PATCH with an optional prerelease label of letters and digits, such as 1.2.0 or 1.2.0-beta1."
    }
    $label = if ($Matches['label']) { $Matches['label'] } else { '' }
    [pscustomobject]@{ Version = $Version; ModuleVersion = $Matches['core']; Prerelease = $label }
}

function Set-ManifestVersion {
    <# Returns the source manifest's text with the version stamped in, and the prerelease label if there is one. #>
    param([Parameter(Mandatory)][string] $Text, [Parameter(Mandatory)][string] $Version)
    $release = ConvertTo-ReleaseVersion $Version
    $stamped = $Text -replace "ModuleVersion(\s*)= '0\.0\.0'", "ModuleVersion`$1= '$($release.ModuleVersion)'"
    if ($stamped -eq $Text) { throw "The manifest has no ModuleVersion = '0.0.0' placeholder to stamp." }
    if (-not $release.Prerelease) { return $stamped }
    $withLabel = [regex]::Replace($stamped, '(PSData\s*=\s*@\{\r?\n)([ \t]*)', {
            param($match)
            "$($match.Groups[1].Value)$($match.Groups[2].Value)Prerelease   = '$($release.Prerelease)'`n$($match.Groups[2].Value)"
        })
    if ($withLabel -eq $stamped) { throw 'The manifest has no PrivateData.PSData table to hold the prerelease label.' }
    $withLabel
}

function Get-PackageVersion {
    <# The version a module's package carries: ModuleVersion, with -Prerelease when the manifest has one. #>
    param([Parameter(Mandatory)][string] $ManifestPath)
    $info = Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop
    $label = $info.PrivateData.PSData['Prerelease']
    if ($label) { "$($info.Version)-$label" } else { "$($info.Version)" }
}

function Get-CommandDiscoveryTag {
    <#
    .SYNOPSIS
        The tags PowerShellGet 2 adds when it publishes a module, which Find-Command and
        Find-Module -Command search: PSModule, PSIncludes_Cmdlet, and PSCmdlet_<name> and
        PSCommand_<name> for every cmdlet the manifest exports.
    #>
    param([Parameter(Mandatory)][string] $ManifestPath)
    $cmdlets = @((Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop).ExportedCmdlets.Keys | Sort-Object)
    $tags = @('PSModule')
    if ($cmdlets) { $tags += 'PSIncludes_Cmdlet' }
    foreach ($cmdlet in $cmdlets) { $tags += "PSCmdlet_$cmdlet", "PSCommand_$cmdlet" }
    $tags
}

function Add-CommandDiscoveryTag {
    <#
    .SYNOPSIS
        Adds the discovery tags to a manifest's PSData.Tags, in place.
    .NOTES
        Publish-PSResource (PSResourceGet 1.2) writes the manifest's tags to the package and adds
        PSModule, but none of the command tags, so a module it publishes is invisible to
        Find-Command. They are derived from CmdletsToExport here, so a new cmdlet is findable
        as soon as it is exported. Tags already there are not repeated.
    #>
    param([Parameter(Mandatory)][string] $ManifestPath)
    $text = Get-Content -Raw $ManifestPath
    $existing = @((Test-ModuleManifest -Path $ManifestPath -ErrorAction Stop).PrivateData.PSData['Tags'])
    $new = @(Get-CommandDiscoveryTag -ManifestPath $ManifestPath | Where-Object { $existing -notcontains $_ })
    if (-not $new) { return }
    $quoted = ($new | ForEach-Object { "'$_'" }) -join ', '
    $tagged = [regex]::Replace($text, '(\bTags\s*=\s*@\()([^)]*)\)', {
            param($match)
            $list = $match.Groups[2].Value.TrimEnd()
            $separator = if ($list) { ', ' } else { '' }
            "$($match.Groups[1].Value)$list$separator$quoted)"
        })
    if ($tagged -eq $text) { throw "$ManifestPath has no PSData.Tags = @(...) list to add the command tags to." }
    Set-Content -Path $ManifestPath -Value $tagged -NoNewline
}

function Get-ChangelogSection {
    <#
    .SYNOPSIS
        The body of a version's section in a Keep a Changelog file ("## [1.2.0] - 2026-12-02"),
        without its heading; $null when the file has no such section.
    #>
    param([Parameter(Mandatory)][string] $Path, [Parameter(Mandatory)][string] $Version)
    $lines = @(Get-Content -Path $Path)
    $heading = '^##\s+\[' + [regex]::Escape($Version) + '\](\s+-\s+\S.*)?\s*$'
    $start = -1
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -match $heading) { $start = $i + 1; break }
    }
    if ($start -lt 0) { return $null }
    $body = [System.Collections.Generic.List[string]]::new()
    # The section ends at the next version heading or at the link definitions at the bottom.
    for ($i = $start; $i -lt $lines.Count -and $lines[$i] -notmatch '^##\s' -and $lines[$i] -notmatch '^\[[^\]]+\]:\s'; $i++) {
        $body.Add($lines[$i])
    }
    ($body -join "`n").Trim()
}

function Test-RemoteSource {
    param([Parameter(Mandatory)][string] $Uri)
    $Uri -match '^https?://'
}

function Publish-ReleasePackage {
    <#
    .SYNOPSIS
        Publishes the module package to a registered PSResource repository and the emulator tool
        package to a NuGet source (a URL or a folder).
    .DESCRIPTION
        The keys come from PSGALLERY_API_KEY and NUGET_API_KEY, never from parameters, so they
        stay out of command lines and logs. Both are checked before anything is published, so a
        missing key cannot leave a release half out. Local folders need no key: that is the pull
        request dry run.
    #>
    param(
        [Parameter(Mandatory)][string] $PackageDirectory,
        [Parameter(Mandatory)][string] $Repository,
        [Parameter(Mandatory)][string] $ToolSource
    )
    Import-Module Microsoft.PowerShell.PSResourceGet
    $module = @(Get-ChildItem $PackageDirectory -Filter 'PantoQa.*.nupkg' | Where-Object Name -NotLike 'PantoQa.Emulator.*')
    $tool = @(Get-ChildItem $PackageDirectory -Filter 'PantoQa.Emulator.*.nupkg')
    if ($module.Count -ne 1 -or $tool.Count -ne 1) {
        throw "Expected one PantoQa and one PantoQa.Emulator package in $PackageDirectory; run ./build.ps1 Package."
    }

    $target = Get-PSResourceRepository -Name $Repository -ErrorAction SilentlyContinue
    if (-not $target) { throw "No PSResource repository named '$Repository'; register it with Register-PSResourceRepository." }
    $galleryKey = $env:PSGALLERY_API_KEY
    $nugetKey = $env:NUGET_API_KEY
    if ((Test-RemoteSource "$($target.Uri)") -and -not $galleryKey) {
        throw "Publishing to $Repository ($($target.Uri)) needs its API key in the PSGALLERY_API_KEY environment variable."
    }
    $toolIsRemote = Test-RemoteSource $ToolSource
    if ($toolIsRemote -and -not $nugetKey) {
        throw "Publishing to $ToolSource needs its API key in the NUGET_API_KEY environment variable."
    }

    $publish = @{ NupkgPath = $module[0].FullName; Repository = $Repository }
    if ($galleryKey) { $publish.ApiKey = $galleryKey }
    Publish-PSResource @publish
    Write-Host "Published $($module[0].Name) to $Repository"

    $push = @('nuget', 'push', $tool[0].FullName, '--source', $ToolSource)
    if ($toolIsRemote) {
        # --skip-duplicate: a rerun after a failed later step must not fail on the package already out.
        $push += '--skip-duplicate', '--api-key', $nugetKey
    }
    else {
        $null = New-Item -ItemType Directory -Force -Path $ToolSource
    }
    & dotnet @push | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet nuget push of $($tool[0].Name) to $ToolSource failed with exit code $LASTEXITCODE." }
    Write-Host "Published $($tool[0].Name) to $ToolSource"
}

Export-ModuleMember -Function ConvertTo-ReleaseVersion, Set-ManifestVersion, Get-PackageVersion, Get-CommandDiscoveryTag, Add-CommandDiscoveryTag, Get-ChangelogSection, Publish-ReleasePackage
