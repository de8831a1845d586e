# Reads the inputs and outputs of action.yml, for action/run.ps1 (their names and defaults) and
# for the README (their tables, which a Pester test keeps equal to the rendering here). There is
# no YAML parser in PowerShell and none can be installed in CI, so this reads the one shape
# action.yml keeps to and fails on anything else rather than guess.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$TableStart = '<!-- action-table:start (rendered from action.yml by tools/ActionMetadata.psm1: Update-ActionReadme) -->'
$TableEnd = '<!-- action-table:end -->'

function ConvertFrom-YamlScalar {
    param([string] $Text, [string] $Where)
    $text = $Text.Trim()
    if ($text.StartsWith("'")) {
        if ($text.Length -lt 2 -or -not $text.EndsWith("'")) { throw "$($Where): an unterminated single-quoted value." }
        return $text.Substring(1, $text.Length - 2).Replace("''", "'")
    }
    if ($text.StartsWith('"')) { throw "$($Where): use single quotes; double-quoted values are not read here." }
    if ($text -match '\s#') { throw "$($Where): a comment after a value is not read here." }
    return $text
}

function Read-ActionMetadata {
    <#
    .SYNOPSIS
        Returns the inputs (name, description, required, default) and outputs (name,
        description) of an action.yml, in the file's order.
    .NOTES
        Reads top-level `inputs:` and `outputs:` blocks whose entries are indented two spaces and
        whose keys four, with plain or single-quoted values or a folded `>-` block.
    #>
    param([Parameter(Mandatory)][string] $Path)
    $lines = @(Get-Content -LiteralPath $Path)
    $sections = @{ inputs = New-Object System.Collections.Generic.List[object]; outputs = New-Object System.Collections.Generic.List[object] }
    $section = $null
    $entry = $null
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        $where = "$($Path):$($i + 1)"
        if ($line -match '^\s*(#.*)?$') { continue }
        if ($line -match '^(?<key>[\w-]+):') {
            # Not through an if expression, which would unroll the list.
            $section = $sections[$Matches.key]
            continue
        }
        if ($null -eq $section) { continue }
        if ($line -match '^  (?<name>[\w-]+):\s*$') {
            $entry = [ordered]@{ name = $Matches.name; description = ''; required = $false; default = '' }
            $section.Add($entry)
            continue
        }
        if ($null -eq $entry -or $line -notmatch '^    (?<key>[\w-]+):(?<value>.*)$') { throw "$($where): not an entry of the shape this reader knows: '$line'." }
        $key = $Matches.key
        $value = $Matches.value.Trim()
        if ($value -eq '>-') {
            $folded = New-Object System.Collections.Generic.List[string]
            while ($i + 1 -lt $lines.Count -and $lines[$i + 1] -match '^      \S') { $i++; $folded.Add($lines[$i].Trim()) }
            if ($folded.Count -eq 0) { throw "$($where): a folded value with no lines under it." }
            $value = $folded -join ' '
        }
        elseif ($value -match '^[>|]') { throw "$($where): only folded '>-' blocks are read here." }
        else { $value = ConvertFrom-YamlScalar -Text $value -Where $where }
        switch ($key) {
            'required' {
                if ($value -notin 'true', 'false') { throw "$($where): required is true or false." }
                $entry.required = $value -eq 'true'
            }
            { $_ -in 'description', 'default', 'value', 'deprecationMessage' } { $entry[$key] = $value }
            default { throw "$($where): an unknown key '$key'." }
        }
    }
    [pscustomobject]@{
        Inputs = @($sections.inputs | ForEach-Object { [pscustomobject] $_ })
        Outputs = @($sections.outputs | ForEach-Object { [pscustomobject] @{ name = $_.name; description = $_.description } })
    }
}

function ConvertTo-TableCell([string] $Text) { $Text.Replace('|', '\|') }

function ConvertTo-ActionTable {
    <# The README's Markdown tables of an action.yml's inputs and outputs, between their markers. #>
    param([Parameter(Mandatory)][string] $Path)
    $metadata = Read-ActionMetadata -Path $Path
    $lines = New-Object System.Collections.Generic.List[string]
    $lines.Add($TableStart)
    $lines.Add('')
    $lines.Add('| input | required | default | description |')
    $lines.Add('|---|---|---|---|')
    foreach ($item in $metadata.Inputs) {
        $required = if ($item.required) { 'yes' } else { 'no' }
        $default = if ($item.default) { '`' + (ConvertTo-TableCell $item.default) + '`' } else { '' }
        $lines.Add("| ``$($item.name)`` | $required | $default | $(ConvertTo-TableCell $item.description) |")
    }
    $lines.Add('')
    $lines.Add('| output | description |')
    $lines.Add('|---|---|')
    foreach ($output in $metadata.Outputs) { $lines.Add("| ``$($output.name)`` | $(ConvertTo-TableCell $output.description) |") }
    $lines.Add('')
    $lines.Add($TableEnd)
    $lines -join "`n"
}

function Get-ReadmeActionTable {
    <# The tables as the README has them, from the start marker to the end marker, or $null. #>
    param([Parameter(Mandatory)][string] $ReadmePath)
    $readme = (Get-Content -Raw -LiteralPath $ReadmePath) -replace "`r`n", "`n"
    $start = $readme.IndexOf($TableStart)
    $end = $readme.IndexOf($TableEnd)
    if ($start -lt 0 -or $end -lt $start) { return $null }
    $readme.Substring($start, $end + $TableEnd.Length - $start)
}

function Update-ActionReadme {
    <# Rewrites the README's action tables from action.yml, after action.yml changed. #>
    param([Parameter(Mandatory)][string] $ReadmePath, [Parameter(Mandatory)][string] $ActionPath)
    $current = Get-ReadmeActionTable -ReadmePath $ReadmePath
    if ($null -eq $current) { throw "$ReadmePath has no '$TableStart' ... '$TableEnd' markers." }
    $readme = (Get-Content -Raw -LiteralPath $ReadmePath) -replace "`r`n", "`n"
    $updated = $readme.Replace($current, (ConvertTo-ActionTable -Path $ActionPath))
    [IO.File]::WriteAllText($ReadmePath, $updated, (New-Object System.Text.UTF8Encoding($false)))
}

Export-ModuleMember -Function Read-ActionMetadata, ConvertTo-ActionTable, Get-ReadmeActionTable, Update-ActionReadme
