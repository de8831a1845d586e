# The windows-powershell CI job runs this suite under Windows PowerShell 5.1, which this machine
# cannot. So every file that suite loads is parsed here for what 5.1 lacks; the list of
# constructs and the `# PS7-only: <reason>` exemption are in WindowsPowerShellCompatibility.psm1.

BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    # The test files, and every tools module they import, directly or through another module.
    $files = New-Object System.Collections.Generic.List[string]
    foreach ($file in Get-ChildItem $PSScriptRoot -Recurse -Include '*.ps1', '*.psm1') { $files.Add($file.FullName) }
    for ($i = 0; $i -lt $files.Count; $i++) {
        foreach ($line in Select-String -Path $files[$i] -Pattern 'Import-Module.*?([\w.-]+\.psm1)') {
            $module = Join-Path $root "tools/$($line.Matches[0].Groups[1].Value)"
            if ((Test-Path $module) -and -not $files.Contains((Get-Item $module).FullName)) { $files.Add((Get-Item $module).FullName) }
        }
    }
    $FileCases = @($files | ForEach-Object { @{ File = $_; Name = $_.Substring($root.Length + 1) } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'WindowsPowerShellCompatibility.psm1') -Force

    function Format-Finding {
        param($Finding)
        '{0}:{1}: {2}: {3}' -f $Finding.Path, $Finding.Line, $Finding.Construct, $Finding.Text
    }
}

Describe 'Windows PowerShell 5.1 compatibility' {
    It '<Name> uses only what Windows PowerShell 5.1 has' -TestCases $FileCases {
        $findings = @(Find-IncompatibleConstruct -Path $File | ForEach-Object { Format-Finding $_ })
        $findings -join [Environment]::NewLine | Should -BeNullOrEmpty -Because 'the windows-powershell CI job runs this file under Windows PowerShell 5.1'
    }
}

Describe 'The compatibility check' {
    It 'finds <Construct>' -TestCases @(
        @{ Syntax = $true; Construct = 'ternary'; Script = '$a = $b ? 1 : 2'; Expected = 'ternary' }
        @{ Syntax = $true; Construct = '&&'; Script = 'git status && git log'; Expected = '&& or ||' }
        @{ Syntax = $true; Construct = '||'; Script = 'git status || exit 1'; Expected = '&& or ||' }
        @{ Syntax = $true; Construct = '??'; Script = '$a = $b ?? 1'; Expected = '?? operator' }
        @{ Syntax = $true; Construct = '??='; Script = '$a ??= 1'; Expected = '??= operator' }
        @{ Syntax = $true; Construct = '?.'; Script = '${a}?.Length'; Expected = '?. null-conditional' }
        @{ Syntax = $true; Construct = '?[]'; Script = '${a}?[0]'; Expected = '?[] null-conditional' }
        @{ Syntax = $true; Construct = 'clean {}'; Script = 'function f { process { 1 } clean { 2 } }'; Expected = 'clean {}' }
        @{ Construct = 'ForEach-Object -Parallel'; Script = '1..2 | ForEach-Object -Parallel { $_ }'; Expected = 'ForEach-Object -Parallel' }
        @{ Construct = '% -Parallel'; Script = '1..2 | % -Parallel { $_ }'; Expected = 'ForEach-Object -Parallel' }
        @{ Construct = 'Start-ThreadJob'; Script = 'Start-ThreadJob { 1 }'; Expected = 'Start-ThreadJob' }
        @{ Construct = 'ConvertFrom-Json -AsHashtable'; Script = '$t | ConvertFrom-Json -AsHashtable'; Expected = 'ConvertFrom-Json -AsHashtable' }
        @{ Construct = 'ConvertFrom-Json -Depth'; Script = '$t | ConvertFrom-Json -Depth 5'; Expected = 'ConvertFrom-Json -Depth' }
        @{ Construct = 'Invoke-RestMethod -SkipHeaderValidation'; Script = 'irm $u -SkipHeaderValidation'; Expected = 'Invoke-RestMethod -SkipHeaderValidation' }
        @{ Construct = 'Get-Content -AsByteStream'; Script = 'Get-Content $p -AsByteStream'; Expected = 'Get-Content -AsByteStream' }
        @{ Construct = 'Join-Path with 3 child paths'; Script = 'Join-Path $a b c d'; Expected = 'Join-Path with more than one child path' }
        @{ Construct = 'unguarded $IsLinux'; Script = 'if ($IsLinux) { 1 }'; Expected = '$IsLinux outside' }
        @{ Construct = 'unguarded [Environment]::ProcessPath'; Script = '$p = [Environment]::ProcessPath'; Expected = '[Environment::ProcessPath] outside' }
        @{ Construct = 'a syntax error'; Script = 'function f {'; Expected = 'does not parse' }
        @{ Construct = 'an exemption without a reason'; Script = 'Start-ThreadJob { 1 } # PS7-only:'; Expected = 'must say why' }
    ) {
        # Windows PowerShell 5.1's own parser refuses PowerShell 7 syntax outright.
        if ($PSEdition -eq 'Desktop' -and $Syntax) { $Expected = 'does not parse' }
        $findings = @(Find-IncompatibleConstruct -Script $Script)
        $findings.Construct -join '; ' | Should -Match ([regex]::Escape($Expected))
        $findings[0].Line | Should -Be 1
    }

    It 'passes 5.1 code: <Case>' -TestCases @(
        @{ Case = 'Join-Path with one child path'; Script = 'Join-Path $a b; Join-Path -Path $a -ChildPath b' }
        @{ Case = 'Split-Path -Leaf'; Script = 'Split-Path $p -Leaf' }
        @{ Case = '$IsLinux behind $PSEdition'; Script = 'if ($PSEdition -eq ''Core'' -and $IsLinux) { 1 }' }
        @{ Case = 'ConvertFrom-Json, ForEach-Object and if/else'; Script = '$x = if ($a) { 1 } else { 2 }; $t | ConvertFrom-Json | ForEach-Object { $_ }' }
        @{ Case = 'a line exemption'; Script = '$j = Start-ThreadJob { 1 } # PS7-only: skipped on Desktop' }
        @{ Case = 'a block exemption'; Script = "# PS7-only: this It skips itself on Desktop`nIt 'x' {`n    Start-ThreadJob { 1 }`n    `$t | ConvertFrom-Json -AsHashtable`n}" }
    ) {
        @(Find-IncompatibleConstruct -Script $Script) | Should -BeNullOrEmpty
    }

    It 'never exempts syntax, which 5.1 cannot parse' {
        $expected = if ($PSEdition -eq 'Desktop') { 'does not parse' } else { '\?\? operator' }
        (Find-IncompatibleConstruct -Script '$a = $b ?? 1 # PS7-only: whatever').Construct | Should -Match $expected
    }

    It 'finds a character outside ASCII in a file without a BOM, and lets one with a BOM pass' {
        $path = Join-Path $TestDrive 'Accent.Tests.ps1'
        $text = "`$ok = 1`n`$id = 'caf$([char] 0xE9)'"
        [IO.File]::WriteAllText($path, $text, (New-Object System.Text.UTF8Encoding -ArgumentList $false))
        $finding = Find-IncompatibleConstruct -Path $path
        $finding.Line | Should -Be 2
        $finding.Construct | Should -Match 'outside ASCII in a file without a UTF-8 BOM'
        [IO.File]::WriteAllText($path, $text, (New-Object System.Text.UTF8Encoding -ArgumentList $true))
        Find-IncompatibleConstruct -Path $path | Should -BeNullOrEmpty
    }

    It 'names the file, the line and the construct' {
        $path = Join-Path $TestDrive 'Sample.Tests.ps1'
        Set-Content -Path $path -Value "`$ok = 1`n`$json = `$text | ConvertFrom-Json -AsHashtable"
        $finding = Find-IncompatibleConstruct -Path $path
        Format-Finding $finding | Should -BeLike "*Sample.Tests.ps1:2: ConvertFrom-Json -AsHashtable (not in Windows PowerShell 5.1): *ConvertFrom-Json -AsHashtable"
    }
}
