# PowerShell 7.0 to 7.3 cannot load the core/ build (net8.0). The manifest's nested module
# PantoQa.HostCheck.psm1 stops the import there first, with one message that names 7.4. No
# PowerShell 7.3 runs here, so the check is run with the version and edition it reads replaced
# by given ones, and its place in the import is tested with a copy of the built module whose
# check reads 7.3.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $ModuleFolder = Join-Path $RepoRoot 'out/PantoQa'
    $CheckSource = Get-Content -Raw (Join-Path $ModuleFolder 'PantoQa.HostCheck.psm1')
    $ReadsVersion = '$version = $PSVersionTable.PSVersion'
    $ReadsEdition = '$PSEdition -eq'

    function Invoke-HostCheck([string] $Version, [string] $Edition) {
        <# Runs the shipped check as if on the given PowerShell; returns the error it throws, if any. #>
        $CheckSource.Contains($ReadsVersion) | Should -BeTrue -Because 'the check reads the version through this line'
        $CheckSource.Contains($ReadsEdition) | Should -BeTrue -Because 'the check reads the edition through this text'
        $source = $CheckSource.Replace($ReadsVersion, "`$version = [version] '$Version'").Replace($ReadsEdition, "'$Edition' -eq")
        try { & ([scriptblock]::Create($source)) }
        catch { $_ }
    }
}

Describe 'The host check' -Tag 'Package' {
    It 'refuses PowerShell <_> with a message that names 7.4 and the version found' -ForEach @('7.0.0', '7.1.7', '7.2.24', '7.3.12', '6.2.7') {
        $problem = Invoke-HostCheck $_ 'Core'
        $problem.FullyQualifiedErrorId | Should -Be 'PowerShellVersionNotSupported'
        $problem.CategoryInfo.Category | Should -Be 'NotInstalled'
        $problem.TargetObject | Should -Be $_
        "$problem" | Should -Match 'PantoQa needs PowerShell 7\.4 or later, or Windows PowerShell 5\.1'
        "$problem" | Should -Match "this is PowerShell $([regex]::Escape($_))\. Install PowerShell 7\.4 or later"
    }

    It 'accepts PowerShell <_>' -ForEach @('7.4.0', '7.4.6', '7.6.9', '8.0.0') {
        Invoke-HostCheck $_ 'Core' | Should -BeNullOrEmpty
    }

    It 'accepts Windows PowerShell 5.1, whose minimum the manifest itself checks' {
        Invoke-HostCheck '5.1.19041.4894' 'Desktop' | Should -BeNullOrEmpty
    }

    It 'uses only what Windows PowerShell 5.1, which imports it too, can run' {
        Import-Module (Join-Path $PSScriptRoot 'WindowsPowerShellCompatibility.psm1') -Force
        $file = Join-Path $RepoRoot 'src/PantoQa.Module/PantoQa.HostCheck.psm1'
        Find-IncompatibleConstruct -Path $file | Should -BeNullOrEmpty
        # Without a byte order mark 5.1 reads a file as the ANSI code page.
        @([IO.File]::ReadAllBytes($file) | Where-Object { $_ -gt 127 }).Count | Should -Be 0
    }

    It 'accepts the PowerShell running this test, as shipped' {
        { & ([scriptblock]::Create($CheckSource)) } | Should -Not -Throw
    }
}

Describe 'Importing PantoQa on PowerShell 7.3' -Tag 'Package' {
    It 'fails with that one error before any cmdlet is imported' {
        $copy = Join-Path $TestDrive 'PantoQa'
        Copy-Item $ModuleFolder $copy -Recurse
        $checkFile = Join-Path $copy 'PantoQa.HostCheck.psm1'
        $source = Get-Content -Raw $checkFile
        $source.Contains($ReadsVersion) | Should -BeTrue -Because 'the copy reports 7.3 to the check through this line'
        Set-Content -Path $checkFile -Value $source.Replace($ReadsVersion, '$version = [version] ''7.3.4''') -NoNewline

        $script = @"
`$Error.Clear()
try { Import-Module '$copy' } catch { }
'errors=' + `$Error.Count
foreach (`$problem in `$Error) { 'id=' + `$problem.FullyQualifiedErrorId; 'category=' + `$problem.CategoryInfo.Category; 'message=' + `$problem }
'module=' + @(Get-Module PantoQa).Count
'cmdlet=' + @(Get-Command Wait-PantoTrigger -ErrorAction SilentlyContinue).Count
"@
        $result = Invoke-FreshPwsh -Script $script
        $because = $result.Output -join "`n"
        $result.Output | Should -Contain 'errors=1' -Because $because
        ($result.Output | Where-Object { $_ -like 'id=*' }) | Should -Match '^id=PowerShellVersionNotSupported(,|$)' -Because $because
        $result.Output | Should -Contain 'category=NotInstalled' -Because $because
        ($result.Output | Where-Object { $_ -like 'message=*' }) | Should -Match '^message=PantoQa needs PowerShell 7\.4 or later, or Windows PowerShell 5\.1; this is PowerShell 7\.3\.4\. Install PowerShell 7\.4'
        $result.Output | Should -Contain 'module=0' -Because $because
        $result.Output | Should -Contain 'cmdlet=0' -Because $because
    }

    It 'exports nothing of its own when PantoQa imports it' {
        $result = Invoke-FreshPwsh -Script @"
`$module = Import-Module '$ModuleFolder' -PassThru
'functions=' + `$module.ExportedFunctions.Count
'variables=' + `$module.ExportedVariables.Count
'nested=' + (`$module.NestedModules.Name -join ',')
'visible=' + @(Get-Variable version, problem -ErrorAction SilentlyContinue).Count
"@
        $result.Output | Should -Be @('functions=0', 'variables=0', 'nested=PantoQa.HostCheck', 'visible=0')
    }
}
