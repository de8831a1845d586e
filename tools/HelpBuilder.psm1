# Turns the help sources under src/PantoQa.Module/help into what Get-Help reads: one MAML file
# for all cmdlets (<Cmdlet-Name>.md) and one text file per about topic (about_*.md).
# platyPS would do this, but our machines and CI have no PowerShell Gallery. CONTRIBUTING.md
# describes the Markdown shape; this file accepts exactly that shape and fails the build, naming
# file and line, on anything else, so a typo never ships as silently missing help.
# Plain PowerShell that runs on 5.1 and 7, and fast: it runs in every build.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$MamlNamespace = 'http://schemas.microsoft.com/maml/2004/10'
$CommandNamespace = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$DevNamespace = 'http://schemas.microsoft.com/maml/dev/2004/10'

$CmdletSections = @('SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS')
$RequiredCmdletSections = @('SYNOPSIS', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS')
$MetadataKeys = @('Type', 'Parameter Sets', 'Aliases', 'Required', 'Position', 'Default value', 'Accept pipeline input', 'Accept wildcard characters')
$RequiredMetadataKeys = @('Type', 'Required', 'Position', 'Default value', 'Accept pipeline input')

# Where the online version of each help page lives; Get-Help -Online opens it.
$OnlineBase = 'https://github.com/pantoqa/PantoQa/blob/main/src/PantoQa.Module/help/'

function Build-ModuleHelp {
    <#
    .SYNOPSIS
        Writes <Destination>/PantoQa.dll-Help.xml from the cmdlet pages in Source and
        <Destination>/about_*.help.txt from its about_*.md pages.
    #>
    param(
        [Parameter(Mandatory)][string] $Source,
        [Parameter(Mandatory)][string] $Destination,
        # PowerShell looks for a binary module's cmdlet help under this name: assembly file name + '-Help.xml'.
        [string] $MamlFileName = 'PantoQa.dll-Help.xml'
    )
    # .NET file APIs resolve relative paths against the process directory, not PowerShell's.
    $Destination = (New-Item -ItemType Directory -Path $Destination -Force).FullName
    $pages = @(Get-ChildItem -Path $Source -Filter *.md | Sort-Object Name)

    $cmdletPages = @($pages | Where-Object { $_.Name -notlike 'about_*' })
    $commands = foreach ($page in $cmdletPages) { ConvertTo-CommandHelp -Document (Read-HelpMarkdown -Path $page.FullName) }
    Write-Maml -Commands @($commands) -Path (Join-Path $Destination $MamlFileName)

    foreach ($page in $pages | Where-Object { $_.Name -like 'about_*' }) {
        $text = ConvertTo-AboutText -Document (Read-HelpMarkdown -Path $page.FullName)
        $target = Join-Path $Destination ($page.BaseName + '.help.txt')
        [IO.File]::WriteAllText($target, $text, (New-Object Text.UTF8Encoding $false))
    }
}

function Read-HelpMarkdown {
    <#
    .SYNOPSIS
        Reads a help page into its '#' title and its '##' sections; each section holds the
        blocks before its first '###' heading and a list of '###' subsections with theirs.
    .DESCRIPTION
        A block is a paragraph (Text), a list item (Item), a fenced code block (Code, with its
        Language) or a run of table rows (Table). Headings inside code fences are code: a
        PowerShell comment is not a heading.
    #>
    param([Parameter(Mandatory)][string] $Path)
    $lines = [IO.File]::ReadAllLines($Path)
    $document = [pscustomobject]@{ Path = $Path; Title = $null; Sections = [Collections.Generic.List[object]]::new() }
    $blocks = $null
    $paragraph = $null
    $fence = $null

    for ($i = 0; $i -lt $lines.Length; $i++) {
        $line = $lines[$i]
        $where = "${Path}:$($i + 1)"
        if ($fence) {
            if ($line.Trim() -eq '```') { $fence = $null } else { $fence.Lines.Add($line) }
            continue
        }
        if ($line -match '^```(\S*)\s*$') {
            if ($null -eq $blocks) { throw "${where}: code before the first '##' section." }
            $fence = [pscustomobject]@{ Kind = 'Code'; Language = $Matches[1]; Lines = [Collections.Generic.List[string]]::new(); Where = $where }
            $blocks.Add($fence)
            $paragraph = $null
            continue
        }
        if ($line -match '^(#{1,3}) (.+?)\s*$') {
            $level = $Matches[1].Length
            $name = $Matches[2]
            $paragraph = $null
            if ($level -eq 1) {
                if ($document.Title) { throw "${where}: a second '#' title; a page has one." }
                $document.Title = $name
            }
            elseif ($level -eq 2) {
                $section = [pscustomobject]@{ Name = $name; Where = $where; Blocks = [Collections.Generic.List[object]]::new(); Subsections = [Collections.Generic.List[object]]::new() }
                $document.Sections.Add($section)
                $blocks = $section.Blocks
            }
            else {
                if ($document.Sections.Count -eq 0) { throw "${where}: a '###' heading outside any '##' section." }
                $subsection = [pscustomobject]@{ Name = $name; Where = $where; Blocks = [Collections.Generic.List[object]]::new() }
                $document.Sections[$document.Sections.Count - 1].Subsections.Add($subsection)
                $blocks = $subsection.Blocks
            }
            continue
        }
        if ($line.Trim() -eq '') { $paragraph = $null; continue }
        if ($null -eq $blocks) { throw "${where}: text before the first '##' section." }

        $trimmed = $line.Trim()
        if ($trimmed.StartsWith('|')) {
            if (-not $paragraph -or $paragraph.Kind -ne 'Table') {
                $paragraph = [pscustomobject]@{ Kind = 'Table'; Lines = [Collections.Generic.List[string]]::new() }
                $blocks.Add($paragraph)
            }
            $paragraph.Lines.Add($trimmed)
        }
        elseif ($trimmed -match '^([-*]|\d+\.) ') {
            $paragraph = [pscustomobject]@{ Kind = 'Item'; Text = $trimmed }
            $blocks.Add($paragraph)
        }
        elseif ($paragraph -and $paragraph.Kind -ne 'Table') {
            $paragraph.Text += ' ' + $trimmed
        }
        else {
            $paragraph = [pscustomobject]@{ Kind = 'Text'; Text = $trimmed }
            $blocks.Add($paragraph)
        }
    }
    if ($fence) { throw "$($fence.Where): the code fence is never closed." }
    if (-not $document.Title) { throw "${Path}: no '#' title line." }
    $document
}

function ConvertTo-PlainText {
    <# Drops the Markdown marks that would read as noise in a console: `code`, **bold**, [text](link). #>
    param([string] $Text)
    $Text -replace '\[([^\]]+)\]\([^)]+\)', '$1' -replace '\*\*([^*]+)\*\*', '$1' -replace '`([^`]+)`', '$1'
}

function Get-Paragraphs {
    <# The blocks as paragraph strings for MAML: prose cleaned, code verbatim, tables as columns. #>
    param($Blocks)
    foreach ($block in $Blocks) {
        switch ($block.Kind) {
            'Code' { $block.Lines -join "`n" }
            'Table' { (Format-TextTable -Lines $block.Lines -Indent 0).TrimEnd() }
            default { ConvertTo-PlainText $block.Text }
        }
    }
}

function ConvertTo-CommandHelp {
    <# Checks a cmdlet page against the documented shape and returns what the MAML needs. #>
    param([Parameter(Mandatory)] $Document)
    $path = $Document.Path
    $name = $Document.Title
    if ($name -ne [IO.Path]::GetFileNameWithoutExtension($path)) { throw "${path}: the title '# $name' must be the file's name." }
    if ($name -notmatch '^(\w+)-(\w+)$') { throw "${path}: '$name' is not a Verb-Noun cmdlet name." }
    $verb = $Matches[1]
    $noun = $Matches[2]

    $sections = @{}
    foreach ($section in $Document.Sections) {
        if ($CmdletSections -notcontains $section.Name) { throw "$($section.Where): unknown section '## $($section.Name)'; known: $($CmdletSections -join ', ')." }
        if ($sections.ContainsKey($section.Name)) { throw "$($section.Where): '## $($section.Name)' appears twice." }
        $sections[$section.Name] = $section
    }
    foreach ($required in $RequiredCmdletSections) {
        if (-not $sections.ContainsKey($required)) { throw "${path}: no '## $required' section." }
    }

    $parameters = [Collections.Generic.List[object]]::new()
    foreach ($subsection in $sections['PARAMETERS'].Subsections) {
        # The common parameters are PowerShell's to describe; the page only mentions them.
        if ($subsection.Name -eq 'CommonParameters') { continue }
        $parameters.Add((ConvertTo-ParameterHelp -Subsection $subsection))
    }

    $examples = foreach ($subsection in $sections['EXAMPLES'].Subsections) {
        $code = @($subsection.Blocks | Where-Object Kind -EQ 'Code' | Select-Object -First 1)
        if (-not $code) { throw "$($subsection.Where): the example has no code block." }
        [pscustomobject]@{
            Title   = $subsection.Name
            Code    = $code[0].Lines -join "`n"
            Remarks = @(Get-Paragraphs ($subsection.Blocks | Where-Object { $_ -ne $code[0] }))
        }
    }

    $links = @()
    if ($sections.ContainsKey('RELATED LINKS')) {
        $links = foreach ($block in $sections['RELATED LINKS'].Blocks) {
            if ($block.Kind -ne 'Item' -and $block.Kind -ne 'Text') { throw "${path}: RELATED LINKS holds one link per line, not a $($block.Kind.ToLowerInvariant()) block." }
            $text = $block.Text -replace '^[-*] ', ''
            if ($text -match '^\[([^\]]+)\]\(([^)]*)\)$') {
                # Links to sibling pages (Get-PantoTestRun.md) are names to Get-Help, not URIs.
                $uri = if ($Matches[2] -match '^https?://') { $Matches[2] } else { '' }
                [pscustomobject]@{ Text = $Matches[1]; Uri = $uri }
            }
            else { [pscustomobject]@{ Text = (ConvertTo-PlainText $text); Uri = '' } }
        }
    }

    [pscustomobject]@{
        Name        = $name
        Verb        = $verb
        Noun        = $noun
        Synopsis    = (@(Get-Paragraphs $sections['SYNOPSIS'].Blocks) -join ' ')
        Description = @(Get-Paragraphs $sections['DESCRIPTION'].Blocks)
        Parameters  = $parameters.ToArray()
        Examples    = @($examples)
        Inputs      = @(ConvertTo-TypeHelp $sections['INPUTS'])
        Outputs     = @(ConvertTo-TypeHelp $sections['OUTPUTS'])
        Notes       = @(if ($sections.ContainsKey('NOTES')) { Get-Paragraphs $sections['NOTES'].Blocks })
        Links       = @([pscustomobject]@{ Text = 'Online Version:'; Uri = "$OnlineBase$name.md" }) + @($links)
    }
}

function ConvertTo-ParameterHelp {
    <# One '### -Name' subsection: the description, then a ```yaml block of 'Key: Value' lines. #>
    param([Parameter(Mandatory)] $Subsection)
    if ($Subsection.Name -notmatch '^-(\w+)$') { throw "$($Subsection.Where): a parameter heading is '### -Name', not '### $($Subsection.Name)'." }
    $name = $Matches[1]
    $yaml = @($Subsection.Blocks | Where-Object { $_.Kind -eq 'Code' -and $_.Language -eq 'yaml' })
    if ($yaml.Count -ne 1) { throw "$($Subsection.Where): -$name needs exactly one ```yaml metadata block." }

    $metadata = @{}
    foreach ($line in $yaml[0].Lines) {
        if ($line.Trim() -eq '') { continue }
        if ($line -notmatch '^([^:]+):\s*(.*)$' -or $MetadataKeys -notcontains $Matches[1].Trim()) {
            throw "$($yaml[0].Where): -$name has '$line'; metadata lines are 'Key: Value' with keys $($MetadataKeys -join ', ')."
        }
        $metadata[$Matches[1].Trim()] = $Matches[2].Trim()
    }
    foreach ($key in $RequiredMetadataKeys) {
        if (-not $metadata[$key]) { throw "$($yaml[0].Where): -$name has no '${key}:' line." }
    }
    $description = @(Get-Paragraphs ($Subsection.Blocks | Where-Object { $_ -ne $yaml[0] }))
    $sets = if ($metadata['Parameter Sets']) { $metadata['Parameter Sets'] } else { '(All)' }

    [pscustomobject]@{
        Name         = $name
        Description  = $description
        Type         = $metadata['Type']
        IsSwitch     = ($metadata['Type'] -eq 'SwitchParameter')
        Sets         = @($sets -split '\s*,\s*')
        Aliases      = if ($metadata['Aliases']) { $metadata['Aliases'] } else { 'None' }
        Required     = (ConvertTo-Flag $metadata['Required'] "$($yaml[0].Where): -$name Required")
        Position     = (ConvertTo-Position $metadata['Position'] "$($yaml[0].Where): -$name Position")
        DefaultValue = $metadata['Default value']
        PipelineInput = $metadata['Accept pipeline input']
        Globbing     = if ($metadata['Accept wildcard characters']) { ConvertTo-Flag $metadata['Accept wildcard characters'] "$($yaml[0].Where): -$name Accept wildcard characters" } else { 'false' }
    }
}

function ConvertTo-Flag {
    param([string] $Value, [string] $What)
    if ($Value -eq 'True') { return 'true' }
    if ($Value -eq 'False') { return 'false' }
    throw "${What} must be True or False, not '$Value'."
}

function ConvertTo-Position {
    param([string] $Value, [string] $What)
    if ($Value -match '^\d+$') { return $Value }
    if ($Value -eq 'Named') { return 'named' }
    throw "${What} must be a number or Named, not '$Value'."
}

function ConvertTo-TypeHelp {
    <# INPUTS and OUTPUTS: one '### TypeName' subsection per type, its text describing it. #>
    param([Parameter(Mandatory)] $Section)
    if ($Section.Subsections.Count -eq 0) { throw "$($Section.Where): '## $($Section.Name)' needs a '### TypeName' (or '### None') subsection." }
    foreach ($subsection in $Section.Subsections) {
        [pscustomobject]@{ Type = $subsection.Name; Description = @(Get-Paragraphs $subsection.Blocks) }
    }
}

function Get-SyntaxSets {
    <#
    .SYNOPSIS
        The parameter sets named in the page's 'Parameter Sets:' lines, in order of first
        mention, each with its parameters; '(All)' joins every set. One set if none is named.
    #>
    param([object[]] $Parameters)
    $names = [Collections.Generic.List[string]]::new()
    foreach ($parameter in $Parameters) {
        foreach ($set in $parameter.Sets) { if ($set -ne '(All)' -and -not $names.Contains($set)) { $names.Add($set) } }
    }
    if ($names.Count -eq 0) { $names.Add('(All)') }
    foreach ($set in $names) {
        $members = @($Parameters | Where-Object { $_.Sets -contains $set -or $_.Sets -contains '(All)' })
        # Positional parameters first, by position, as PowerShell writes a syntax line.
        $positional = @($members | Where-Object Position -NE 'named' | Sort-Object { [int] $_.Position })
        [pscustomobject]@{ Name = $set; Parameters = @($positional) + @($members | Where-Object Position -EQ 'named') }
    }
}

function Write-Maml {
    param([object[]] $Commands, [Parameter(Mandatory)][string] $Path)
    $settings = New-Object Xml.XmlWriterSettings
    $settings.Indent = $true
    $settings.Encoding = New-Object Text.UTF8Encoding $false
    $writer = [Xml.XmlWriter]::Create($Path, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        $writer.WriteAttributeString('xmlns', 'maml', $null, $MamlNamespace)
        $writer.WriteAttributeString('xmlns', 'command', $null, $CommandNamespace)
        $writer.WriteAttributeString('xmlns', 'dev', $null, $DevNamespace)
        foreach ($command in $Commands) { Write-MamlCommand -Writer $writer -Command $command }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

function Write-MamlCommand {
    param([Parameter(Mandatory)] $Writer, [Parameter(Mandatory)] $Command)
    $Writer.WriteStartElement('command', 'command', $CommandNamespace)

    $Writer.WriteStartElement('command', 'details', $CommandNamespace)
    $Writer.WriteElementString('command', 'name', $CommandNamespace, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $CommandNamespace, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $CommandNamespace, $Command.Noun)
    Write-MamlDescription -Writer $Writer -Paragraphs @($Command.Synopsis)
    $Writer.WriteEndElement()

    Write-MamlDescription -Writer $Writer -Paragraphs $Command.Description

    $Writer.WriteStartElement('command', 'syntax', $CommandNamespace)
    foreach ($set in Get-SyntaxSets -Parameters $Command.Parameters) {
        $Writer.WriteStartElement('command', 'syntaxItem', $CommandNamespace)
        $Writer.WriteElementString('maml', 'name', $MamlNamespace, $Command.Name)
        foreach ($parameter in $set.Parameters) { Write-MamlParameter -Writer $Writer -Parameter $parameter -InSyntax }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $CommandNamespace)
    foreach ($parameter in $Command.Parameters) { Write-MamlParameter -Writer $Writer -Parameter $parameter }
    $Writer.WriteEndElement()

    foreach ($kind in @(@{ List = 'inputTypes'; Item = 'inputType'; Types = $Command.Inputs }, @{ List = 'returnValues'; Item = 'returnValue'; Types = $Command.Outputs })) {
        $Writer.WriteStartElement('command', $kind.List, $CommandNamespace)
        foreach ($type in $kind.Types) {
            $Writer.WriteStartElement('command', $kind.Item, $CommandNamespace)
            Write-MamlType -Writer $Writer -Name $type.Type
            Write-MamlDescription -Writer $Writer -Paragraphs $type.Description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    if ($Command.Notes.Count -gt 0) {
        $Writer.WriteStartElement('maml', 'alertSet', $MamlNamespace)
        $Writer.WriteStartElement('maml', 'alert', $MamlNamespace)
        foreach ($paragraph in $Command.Notes) { $Writer.WriteElementString('maml', 'para', $MamlNamespace, $paragraph) }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('command', 'examples', $CommandNamespace)
    foreach ($example in $Command.Examples) {
        $Writer.WriteStartElement('command', 'example', $CommandNamespace)
        $Writer.WriteElementString('maml', 'title', $MamlNamespace, "---------- $($example.Title) ----------")
        $Writer.WriteElementString('dev', 'code', $DevNamespace, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $DevNamespace)
        foreach ($paragraph in $example.Remarks) { $Writer.WriteElementString('maml', 'para', $MamlNamespace, $paragraph) }
        # Get-Help writes the next example's title right under the last remark without it.
        $Writer.WriteElementString('maml', 'para', $MamlNamespace, '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $CommandNamespace)
    foreach ($link in $Command.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $MamlNamespace)
        $Writer.WriteElementString('maml', 'linkText', $MamlNamespace, $link.Text)
        $Writer.WriteElementString('maml', 'uri', $MamlNamespace, $link.Uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Write-MamlParameter {
    param([Parameter(Mandatory)] $Writer, [Parameter(Mandatory)] $Parameter, [switch] $InSyntax)
    $Writer.WriteStartElement('command', 'parameter', $CommandNamespace)
    $Writer.WriteAttributeString('required', $Parameter.Required)
    $Writer.WriteAttributeString('variableLength', $(if ($Parameter.Type.EndsWith('[]')) { 'true' } else { 'false' }))
    $Writer.WriteAttributeString('globbing', $Parameter.Globbing)
    $Writer.WriteAttributeString('pipelineInput', $Parameter.PipelineInput)
    $Writer.WriteAttributeString('position', $Parameter.Position)
    $Writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases -eq 'None') { 'none' } else { $Parameter.Aliases }))
    $Writer.WriteElementString('maml', 'name', $MamlNamespace, $Parameter.Name)
    Write-MamlDescription -Writer $Writer -Paragraphs $Parameter.Description
    # A switch takes no value, so its syntax shows just -Name.
    if (-not ($InSyntax -and $Parameter.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $CommandNamespace)
        $Writer.WriteAttributeString('required', $(if ($Parameter.IsSwitch) { 'false' } else { 'true' }))
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($Parameter.Type)
        $Writer.WriteEndElement()
    }
    Write-MamlType -Writer $Writer -Name $Parameter.Type
    $Writer.WriteElementString('dev', 'defaultValue', $DevNamespace, $Parameter.DefaultValue)
    $Writer.WriteEndElement()
}

function Write-MamlType {
    param([Parameter(Mandatory)] $Writer, [Parameter(Mandatory)][string] $Name)
    $Writer.WriteStartElement('dev', 'type', $DevNamespace)
    $Writer.WriteElementString('maml', 'name', $MamlNamespace, $Name)
    $Writer.WriteElementString('maml', 'uri', $MamlNamespace, '')
    $Writer.WriteEndElement()
}

function Write-MamlDescription {
    param([Parameter(Mandatory)] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $MamlNamespace)
    foreach ($paragraph in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $MamlNamespace, $paragraph) }
    $Writer.WriteEndElement()
}

function ConvertTo-AboutText {
    <#
    .SYNOPSIS
        Lays an about page out the way about_*.help.txt files are read in a console: section
        names in capitals at the margin, prose wrapped at 80 columns under a 4-space indent,
        code kept verbatim, tables as plain columns.
    #>
    param([Parameter(Mandatory)] $Document)
    $name = [IO.Path]::GetFileNameWithoutExtension($Document.Path)
    if ($Document.Title -ne $name) { throw "$($Document.Path): the title '# $($Document.Title)' must be the file's name." }
    $firstSection = if ($Document.Sections.Count -gt 0) { $Document.Sections[0].Name } else { '' }
    # Get-Help lists about topics with the line that follows SHORT DESCRIPTION.
    if ($firstSection -ne 'SHORT DESCRIPTION') { throw "$($Document.Path): the first section must be '## SHORT DESCRIPTION'." }

    $out = New-Object Text.StringBuilder
    $null = $out.Append("TOPIC`n    $name`n")
    foreach ($section in $Document.Sections) {
        $null = $out.Append("`n$($section.Name.ToUpperInvariant())`n")
        Add-AboutBlocks -Builder $out -Blocks $section.Blocks
        foreach ($subsection in $section.Subsections) {
            $null = $out.Append("`n  $($subsection.Name)`n")
            Add-AboutBlocks -Builder $out -Blocks $subsection.Blocks
        }
    }
    $out.ToString()
}

function Add-AboutBlocks {
    param([Parameter(Mandatory)][Text.StringBuilder] $Builder, $Blocks)
    $first = $true
    foreach ($block in $Blocks) {
        # Consecutive list items stay together; every other block is set off by a blank line.
        if (-not $first -and -not ($block.Kind -eq 'Item' -and $previous.Kind -eq 'Item')) { $null = $Builder.Append("`n") }
        switch ($block.Kind) {
            'Code' { foreach ($line in $block.Lines) { $null = $Builder.Append(("        $line").TrimEnd() + "`n") } }
            'Table' { $null = $Builder.Append((Format-TextTable -Lines $block.Lines -Indent 4)) }
            'Item' {
                # Continuation lines line up with the text after the '-' or '1.' marker.
                $marker = $block.Text.IndexOf(' ')
                $null = $Builder.Append((Format-Wrapped -Text (ConvertTo-PlainText $block.Text) -Indent 4 -HangingIndent (5 + $marker)))
            }
            default { $null = $Builder.Append((Format-Wrapped -Text (ConvertTo-PlainText $block.Text) -Indent 4 -HangingIndent 4)) }
        }
        $first = $false
        $previous = $block
    }
}

function Format-TextTable {
    <#
    .SYNOPSIS
        Lays a Markdown table out as plain columns: the pipes go, the '---' row becomes a rule
        under the header, and each column is as wide as its widest cell.
    #>
    param([string[]] $Lines, [int] $Indent)
    $rows = foreach ($line in $Lines) { , @($line.Trim().Trim('|').Split('|') | ForEach-Object { $_.Trim() }) }
    $widths = @{}
    foreach ($row in $rows) {
        for ($i = 0; $i -lt $row.Count; $i++) {
            if ($row[$i] -notmatch '^-+$' -and $row[$i].Length -gt [int] $widths[$i]) { $widths[$i] = $row[$i].Length }
        }
    }
    $text = New-Object Text.StringBuilder
    foreach ($row in $rows) {
        $cells = for ($i = 0; $i -lt $row.Count; $i++) {
            if ($row[$i] -match '^-+$') { '-' * $widths[$i] } else { $row[$i].PadRight($widths[$i]) }
        }
        $null = $text.Append(((' ' * $Indent) + ($cells -join '  ')).TrimEnd() + "`n")
    }
    $text.ToString()
}

function Format-Wrapped {
    <# Wraps at word boundaries so no line passes column 80, unless one word alone is longer. #>
    param([string] $Text, [int] $Indent, [int] $HangingIndent, [int] $Width = 80)
    $lines = New-Object Text.StringBuilder
    $line = (' ' * $Indent)
    $empty = $true
    foreach ($word in $Text -split '\s+') {
        if (-not $empty -and $line.Length + 1 + $word.Length -gt $Width) {
            $null = $lines.Append($line + "`n")
            $line = (' ' * $HangingIndent)
            $empty = $true
        }
        $line += $(if ($empty) { $word } else { " $word" })
        $empty = $false
    }
    $null = $lines.Append($line + "`n")
    $lines.ToString()
}

Export-ModuleMember -Function Build-ModuleHelp
