# Finds what Windows PowerShell 5.1 cannot run in a script: PowerShell 6+ syntax, commands,
# parameters, automatic variables and .NET members. Compatibility.Tests.ps1 runs it over every
# file the Pester suite loads, so the windows-powershell CI job cannot break unseen on Linux.
#
# Exemption: a comment `# PS7-only: <reason>` at the end of a line exempts that line; on a line
# of its own it exempts the whole statement that starts on the next line (an It block, say, that
# skips itself on Desktop). Syntax is never exempt: 5.1 cannot even parse a file that has it.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# The one list. Syntax, by the AST node PowerShell 7 parses it into: the node's type, and for
# some the operator or property that makes it 7-only.
$Syntax = @{
    'TernaryExpressionAst'                          = 'ternary operator a ? b : c (PowerShell 7)'
    'PipelineChainAst'                              = '&& or || pipeline chain (PowerShell 7)'
    'BinaryExpressionAst QuestionQuestion'          = '?? operator (PowerShell 7)'
    'AssignmentStatementAst QuestionQuestionEquals' = '??= operator (PowerShell 7)'
    'MemberExpressionAst NullConditional'           = '?. null-conditional member access (PowerShell 7)'
    'IndexExpressionAst NullConditional'            = '?[] null-conditional index (PowerShell 7)'
    'ScriptBlockAst CleanBlock'                     = 'clean {} block (PowerShell 7.3)'
}

# Commands 5.1 does not have at all.
$Commands = @{
    'Start-ThreadJob'      = 'Start-ThreadJob (the ThreadJob module is not in Windows PowerShell 5.1; use [powershell]::Create() with BeginInvoke)'
    'Test-Json'            = 'Test-Json (PowerShell 6.1)'
    'Get-Error'            = 'Get-Error (PowerShell 7)'
    'Join-String'          = 'Join-String (PowerShell 6.2; use -join)'
    'ConvertFrom-Markdown' = 'ConvertFrom-Markdown (PowerShell 6.1)'
    'Get-Uptime'           = 'Get-Uptime (PowerShell 6)'
    'Remove-Alias'         = 'Remove-Alias (PowerShell 6)'
    'Get-SecureRandom'     = 'Get-SecureRandom (PowerShell 7.4)'
    'ConvertTo-CliXml'     = 'ConvertTo-CliXml (PowerShell 7.5)'
    'ConvertFrom-CliXml'   = 'ConvertFrom-CliXml (PowerShell 7.5)'
}

# Parameters 5.1's version of a command does not have, by their full names (a prefix such as
# -Leaf can be a 5.1 parameter of its own).
$WebParameters = @('SkipHeaderValidation', 'SkipCertificateCheck', 'SkipHttpErrorCheck', 'StatusCodeVariable', 'ResponseHeadersVariable',
    'Authentication', 'Token', 'SslProtocol', 'MaximumRetryCount', 'RetryIntervalSec', 'Form', 'Resume', 'HttpVersion', 'NoProxy',
    'AllowUnencryptedAuthentication', 'PreserveAuthorizationOnRedirect', 'CustomMethod', 'AllowInsecureRedirect')
$ContentParameters = @('AsByteStream')
$Parameters = @{
    'ForEach-Object'    = @('Parallel')
    'ConvertFrom-Json'  = @('AsHashtable', 'Depth', 'NoEnumerate', 'DateKind')
    'ConvertTo-Json'    = @('AsArray', 'EnumsAsStrings', 'EscapeHandling')
    'Invoke-RestMethod' = $WebParameters
    'Invoke-WebRequest' = $WebParameters
    'Get-Content'       = $ContentParameters
    'Set-Content'       = $ContentParameters
    'Add-Content'       = $ContentParameters
    'Join-Path'         = @('AdditionalChildPath', 'Extension')
    'Split-Path'        = @('LeafBase', 'Extension')
    'Sort-Object'       = @('Top', 'Bottom', 'Stable')
    'Get-Date'          = @('AsUTC', 'UnixTimeSeconds')
    'Select-String'     = @('Raw', 'NoEmphasis')
    'Start-Process'     = @('Environment')
    'Test-Connection'   = @('TargetName', 'TcpPort', 'Ping')
}
$Aliases = @{ '%' = 'ForEach-Object'; 'foreach' = 'ForEach-Object'; 'irm' = 'Invoke-RestMethod'; 'iwr' = 'Invoke-WebRequest'; 'gc' = 'Get-Content'; 'sc' = 'Set-Content'; 'ac' = 'Add-Content'; 'sort' = 'Sort-Object'; 'sls' = 'Select-String' }

# Variables and .NET members that exist only on PowerShell 6+ or .NET Core: fine behind a check
# of $PSEdition or $PSVersionTable that encloses them.
$Variables = @('IsLinux', 'IsMacOS', 'IsWindows', 'IsCoreCLR', 'PSStyle')
$Members = @('Environment::ProcessPath', 'Environment::ProcessId', 'IO.Path::GetRelativePath', 'IO.Path::Join', 'Convert::ToHexString', 'Random::Shared')

$Marker = '^#\s*PS7-only:(?<reason>.*)$'

# Every command a rule above names: the others are passed over at once.
$Listed = @{}
foreach ($command in @($Commands.Keys) + @($Parameters.Keys)) { $Listed[$command] = $true }

# Windows PowerShell 5.1's AST has neither; reading them through PSObject per node is slow.
$HasNullConditional = $null -ne [System.Management.Automation.Language.MemberExpressionAst].GetProperty('NullConditional')
$HasCleanBlock = $null -ne [System.Management.Automation.Language.ScriptBlockAst].GetProperty('CleanBlock')

# The node types any rule above looks at.
$Checked = @{}
foreach ($type in 'TernaryExpressionAst', 'PipelineChainAst', 'BinaryExpressionAst', 'AssignmentStatementAst', 'MemberExpressionAst',
    'InvokeMemberExpressionAst', 'IndexExpressionAst', 'ScriptBlockAst', 'CommandAst', 'VariableExpressionAst') { $Checked[$type] = $true }

function Find-IncompatibleConstruct {
    <#
    .SYNOPSIS
        Lists each construct Windows PowerShell 5.1 cannot run, as objects with Path, Line,
        Construct and Text; nothing when the script is compatible.
    .EXAMPLE
        Find-IncompatibleConstruct -Path tests/Pester/ApiDrift.Tests.ps1
    .EXAMPLE
        Find-IncompatibleConstruct -Script '$a ?? $b'
    #>
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'Path')][string] $Path,
        [Parameter(Mandatory, ParameterSetName = 'Script')][string] $Script
    )
    $tokens = $null; $errors = $null
    if ($PSCmdlet.ParameterSetName -eq 'Path') {
        $name = (Resolve-Path $Path).Path
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($name, [ref] $tokens, [ref] $errors)
    }
    else {
        $name = '<script>'
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Script, [ref] $tokens, [ref] $errors)
    }

    $findings = New-Object System.Collections.Generic.List[object]
    $add = {
        param($Extent, [string] $Construct)
        $findings.Add([pscustomobject]@{
                Path = $name; Line = $Extent.StartLineNumber; Construct = $Construct
                Text = ($Extent.Text -split "`n")[0].Trim()
            })
    }
    foreach ($parseError in $errors) { & $add $parseError.Extent "does not parse: $($parseError.Message)" }
    if ($PSCmdlet.ParameterSetName -eq 'Path') {
        $line = Find-NonAsciiWithoutBom -Path $name
        if ($line) {
            $findings.Add([pscustomobject]@{ Path = $name; Line = $line; Construct = 'a character outside ASCII in a file without a UTF-8 BOM (Windows PowerShell 5.1 reads it as ANSI; write it as [char] 0x.. or save with a BOM)'; Text = '' })
        }
    }

    $exempt = Get-ExemptLine -Ast $ast -Tokens $tokens -Findings $findings -Name $name
    $nodes = $ast.FindAll({ $true }, $true)
    foreach ($node in $nodes) {
        # Most nodes are of no interest; a lookup by type name keeps a large file under a second.
        $type = $node.GetType().Name
        if (-not $Checked.ContainsKey($type)) { continue }
        # The node's key in $Syntax: its type name, with the operator or property that matters.
        $syntaxKey = $type
        if ($type -eq 'BinaryExpressionAst' -or $type -eq 'AssignmentStatementAst') { $syntaxKey = "$type $($node.Operator)" }
        elseif ($type -eq 'ScriptBlockAst') { if ($HasCleanBlock -and $node.CleanBlock) { $syntaxKey = "$type CleanBlock" } }
        elseif ($HasNullConditional -and ($node -is [System.Management.Automation.Language.MemberExpressionAst] -or
                $node -is [System.Management.Automation.Language.IndexExpressionAst]) -and $node.NullConditional) {
            $syntaxKey = $(if ($type -eq 'IndexExpressionAst') { $type } else { 'MemberExpressionAst' }) + ' NullConditional'
        }
        if ($Syntax.ContainsKey($syntaxKey)) { & $add $node.Extent $Syntax[$syntaxKey] }
        if ($exempt.Contains($node.Extent.StartLineNumber)) { continue }

        if ($type -eq 'CommandAst') {
            $command = $node.GetCommandName()
            if ($command -and $Aliases.ContainsKey($command)) { $command = $Aliases[$command] }
            if ($command -and $Listed.ContainsKey($command)) {
                foreach ($construct in Test-Command -Command $node -Name $command) { & $add $node.Extent $construct }
            }
        }
        elseif ($type -eq 'VariableExpressionAst') {
            $variable = $node.VariablePath.UserPath
            if ($Variables -contains $variable -and -not (Test-Guarded -Ast $node)) {
                & $add $node.Extent "`$$variable outside a check of `$PSEdition or `$PSVersionTable (not defined in Windows PowerShell 5.1)"
            }
        }
        elseif ($type -eq 'MemberExpressionAst' -and $node.Static -and
            $node.Expression -is [System.Management.Automation.Language.TypeExpressionAst]) {
            $member = ($node.Expression.TypeName.FullName -replace '^System\.', '') + '::' + "$($node.Member)".Trim("'", '"')
            if ($Members -contains $member -and -not (Test-Guarded -Ast $node)) {
                & $add $node.Extent "[$member] outside a check of `$PSEdition or `$PSVersionTable (not in .NET Framework)"
            }
        }
    }
    $findings | Sort-Object Line
}

function Find-NonAsciiWithoutBom {
    <# The first line with a byte outside ASCII, in a file without a UTF-8 byte order mark; 0 when there is none. #>
    param([Parameter(Mandatory)][string] $Path)
    $bytes = [IO.File]::ReadAllBytes($Path)
    if ($bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF) { return 0 }
    $line = 1
    foreach ($byte in $bytes) {
        if ($byte -eq 10) { $line++ }
        elseif ($byte -gt 127) { return $line }
    }
    return 0
}

function Test-Command {
    <# The constructs one command uses that 5.1 lacks; called only for the commands the lists name. #>
    param([Parameter(Mandatory)] $Command, [Parameter(Mandatory)][string] $Name)
    if ($Commands.ContainsKey($Name)) { $Commands[$Name] }
    if ($Parameters.ContainsKey($Name)) {
        foreach ($element in $Command.CommandElements) {
            if ($element -isnot [System.Management.Automation.Language.CommandParameterAst]) { continue }
            $given = $element.ParameterName
            foreach ($banned in $Parameters[$name]) {
                if ($banned -eq $given) {
                    "$name -$banned (not in Windows PowerShell 5.1)"
                }
            }
        }
    }
    if ($name -eq 'Join-Path') {
        # Join-Path a b c binds c to -AdditionalChildPath, which 5.1 does not have.
        $positional = @($Command.CommandElements | Select-Object -Skip 1 | Where-Object {
                $_ -isnot [System.Management.Automation.Language.CommandParameterAst] })
        $named = @($Command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] })
        if ($positional.Count - $named.Count -gt 2) { 'Join-Path with more than one child path (not in Windows PowerShell 5.1)' }
    }
}

function Test-Guarded {
    <# True when an enclosing expression or statement checks the edition or the version. #>
    param([Parameter(Mandatory)] $Ast)
    for ($parent = $Ast.Parent; $parent; $parent = $parent.Parent) {
        if ($parent -is [System.Management.Automation.Language.ScriptBlockAst] -or $parent -is [System.Management.Automation.Language.NamedBlockAst]) { return $false }
        if ($parent.Extent.Text -match '\$PSEdition|\$PSVersionTable') { return $true }
    }
    return $false
}

function Get-ExemptLine {
    <# The line numbers that `# PS7-only: <reason>` comments exempt; a marker without a reason is itself a finding. #>
    param([Parameter(Mandatory)] $Ast, $Tokens, [Parameter(Mandatory)] $Findings, [Parameter(Mandatory)] $Name)
    $lines = New-Object 'System.Collections.Generic.HashSet[int]'
    # Going through every token is slow; most files have no marker at all.
    if ($Ast.Extent.Text -notmatch 'PS7-only') { return , $lines }
    $statements = @($Ast.FindAll({ param($a) $a -is [System.Management.Automation.Language.StatementAst] }, $true))
    foreach ($token in @($Tokens)) {
        if ($token.Kind -ne 'Comment' -or $token.Text -notmatch $Marker) { continue }
        if (-not $Matches.reason.Trim()) {
            $Findings.Add([pscustomobject]@{ Path = $Name; Line = $token.Extent.StartLineNumber; Construct = 'a PS7-only exemption must say why'; Text = $token.Text })
            continue
        }
        $line = $token.Extent.StartLineNumber
        $before = $token.Extent.StartScriptPosition.Line.Substring(0, $token.Extent.StartColumnNumber - 1)
        if ($before.Trim()) {
            $null = $lines.Add($line)
            continue
        }
        $next = @($Tokens | Where-Object { $_.Extent.StartLineNumber -gt $line -and $_.Kind -ne 'Comment' -and $_.Kind -ne 'NewLine' } | Select-Object -First 1)
        if (-not $next) { continue }
        $start = $next[0].Extent.StartLineNumber
        $end = $start
        foreach ($statement in $statements) {
            if ($statement.Extent.StartLineNumber -eq $start -and $statement.Extent.EndLineNumber -gt $end) { $end = $statement.Extent.EndLineNumber }
        }
        for ($i = $start; $i -le $end; $i++) { $null = $lines.Add($i) }
    }
    , $lines
}

Export-ModuleMember -Function Find-IncompatibleConstruct
