# A nested module of PantoQa.psd1. PowerShell imports nested modules before it reads the root
# module's cmdlets, so on a PowerShell 7 older than 7.4, whose .NET cannot load the core/ build
# (net8.0), the import stops here with what to do instead of the runtime's load error.
# Windows PowerShell 5.1 runs it too, so it keeps to what 5.1 can parse. It runs on every
# import: a plain function and no type conversions keep it to a few milliseconds.

function Get-PantoQaHostProblem($Version, $Edition) {
    <#
    .SYNOPSIS
        Why PantoQa cannot run on the given PowerShell, or nothing when it can.
    .PARAMETER Version
        $PSVersionTable.PSVersion, or any version with Major and Minor.
    .PARAMETER Edition
        $PSEdition: Core or Desktop. Desktop's minimum, 5.1, is the manifest's PowerShellVersion.
    #>
    if ($Edition -eq 'Core' -and ($Version.Major -lt 7 -or ($Version.Major -eq 7 -and $Version.Minor -lt 4))) {
        "PantoQa needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell $Version. " +
        'Install PowerShell 7.4 or later (https://aka.ms/install-powershell) and import PantoQa there.'
    }
}

$problem = Get-PantoQaHostProblem $PSVersionTable.PSVersion $PSEdition
if ($problem) {
    throw [System.Management.Automation.ErrorRecord]::new(
        [System.PlatformNotSupportedException]::new($problem), 'PowerShellVersionNotSupported', 'NotInstalled', "$($PSVersionTable.PSVersion)")
}
