<#
.SYNOPSIS
    The release workflow's first check: the tag must be v<the version in Directory.Build.props>,
    and CHANGELOG.md must have a section for that version.
.DESCRIPTION
    Fails with a message that says what to fix; on success writes the version's changelog
    section to -NotesPath (the GitHub release's notes) and returns the version, split into the
    manifest's ModuleVersion and Prerelease.
.EXAMPLE
    ./tools/Test-ReleaseTag.ps1 -Tag v1.2.0-beta1 -NotesPath out/release-notes.md
#>
param(
    [Parameter(Mandatory)][string] $Tag,
    # The repository root holding Directory.Build.props and CHANGELOG.md.
    [string] $Root = (Split-Path $PSScriptRoot -Parent),
    [string] $NotesPath
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'BuildTools.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'ReleaseTools.psm1') -Force

if ($Tag -notmatch '^v(?<version>\d.*)$') {
    throw "Tag '$Tag' is not a release tag: release tags are v<version>, such as v1.2.0 or v1.2.0-beta1."
}
$release = ConvertTo-ReleaseVersion $Matches['version']
$version = Get-ModuleVersion -Root $Root
if ($release.Version -cne $version) {
    throw "Tag $Tag does not match the version $version in Directory.Build.props: tag v$version, or set <Version>$($release.Version)</Version> there and tag again."
}
$changelog = Join-Path $Root 'CHANGELOG.md'
$notes = if (Test-Path $changelog) { Get-ChangelogSection -Path $changelog -Version $version } else { $null }
if (-not $notes) {
    throw "CHANGELOG.md has no section for $version, or it is empty: add '## [$version] - YYYY-MM-DD' with this release's changes, moved from [Unreleased]."
}
if ($NotesPath) {
    $folder = Split-Path $NotesPath -Parent
    if ($folder) { $null = New-Item -ItemType Directory -Force -Path $folder }
    Set-Content -Path $NotesPath -Value $notes
}
Write-Host "Tag $Tag matches Directory.Build.props and CHANGELOG.md: module version $($release.ModuleVersion), prerelease '$($release.Prerelease)'."
$release
