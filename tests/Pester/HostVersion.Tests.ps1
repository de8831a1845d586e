# PowerShell 7.0 to 7.3 cannot load the core/ build (net8.0). The manifest's nested module
# PantoQa.HostCheck.psm1 stops the import there first, with one message that names 7.4. No
# PowerShell 7.3 runs here, so its check is tested with given versions, and its place in the
# import with a copy of the built module that reports 7.3 to it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $ModuleFolder = Join-Path $RepoRoot 'out/PantoQa'
    $Check = Import-Module (Join-Path $ModuleFolder 'PantoQa.HostCheck.psm1') -Force -PassThru
}

AfterAll {
    $Check | Remove-Module
}

Describe 'The host check' -Tag 'Package' {
    It 'refuses PowerShell <_> with a message that names 7.4 and the version found' -ForEach @('7.0.0', '7.1.7', '7.2.24', '7.3.12', '6.2.7') {
        $problem = Get-PantoQaHostProblem ([version] $_) 'Core'
        $problem | Should -Match 'PantoQa needs PowerShell 7\.4 or later, or Windows PowerShell 5\.1'
        $problem | Should -Match "this is PowerShell $([regex]::Escape($_))\."
    }

    It 'accepts PowerShell <_>' -ForEach @('7.4.0', '7.4.6', '7.6.9', '8.0.0') {
        Get-PantoQaHostProblem ([version] $_) 'Core' | Should -BeNullOrEmpty
    }

    It 'accepts Windows PowerShell 5.1, whose minimum the manifest itself checks' {
        Get-PantoQaHostProblem ([version] '5.1.19041.4894') 'Desktop' | Should -BeNullOrEmpty
    }

    It 'uses only what Windows PowerShell 5.1, which imports it too, can run' {
        Import-Module (Join-Path $PSScriptRoot 'WindowsPowerShellCompatibility.psm1') -Force
        $file = Join-Path $RepoRoot 'src/PantoQa.Module/PantoQa.HostCheck.psm1'
        Find-IncompatibleConstruct -Path $file | Should -BeNullOrEmpty
        # Without a byte order mark 5.1 reads a file as the ANSI code page.
        @([IO.File]::ReadAllBytes($file) | Where-Object { $_ -gt 127 }).Count | Should -Be 0
    }

    It 'accepts the PowerShell running this test' {
        Get-PantoQaHostProblem $PSVersionTable.PSVersion $PSEdition | Should -BeNullOrEmpty
    }
}

Describe 'Importing PantoQa on PowerShell 7.3' -Tag 'Package' {
    It 'fails with that one error before any cmdlet is imported' {
        $copy = Join-Path $TestDrive 'PantoQa'
        Copy-Item $ModuleFolder $copy -Recurse
        $checkFile = Join-Path $copy 'PantoQa.HostCheck.psm1'
        $real = '$problem = Get-PantoQaHostProblem $PSVersionTable.PSVersion $PSEdition'
        $source = Get-Content -Raw $checkFile
        $source.Contains($real) | Should -BeTrue -Because 'the copy reports 7.3 to the check through this line'
        Set-Content -Path $checkFile -Value $source.Replace($real, '$problem = Get-PantoQaHostProblem ([version] ''7.3.4'') ''Core''') -NoNewline

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
'nested=' + (`$module.NestedModules.Name -join ',')
'visible=' + @(Get-Command Get-PantoQaHostProblem -ErrorAction SilentlyContinue).Count
"@
        $result.Output | Should -Be @('functions=0', 'nested=PantoQa.HostCheck', 'visible=0')
    }
}
