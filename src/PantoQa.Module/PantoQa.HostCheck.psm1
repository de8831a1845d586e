# A nested module of PantoQa.psd1. PowerShell imports nested modules before it reads the root
# module's cmdlets, so on a PowerShell 7 older than 7.4, whose .NET cannot load the core/ build
# (net8.0), the import stops here with what to do instead of the runtime's load error.
# Windows PowerShell 5.1 runs it too, so it keeps to what 5.1 can parse; its minimum, 5.1, is the
# manifest's PowerShellVersion. It runs on every import, so it is a few statements: as a function
# with help it cost about 25 ms more per import (measured), as much as loading the cmdlets.

$version = $PSVersionTable.PSVersion
if ($PSEdition -eq 'Core' -and ($version.Major -lt 7 -or ($version.Major -eq 7 -and $version.Minor -lt 4))) {
    $problem = "PantoQa needs PowerShell 7.4 or later, or Windows PowerShell 5.1; this is PowerShell $version. " +
        'Install PowerShell 7.4 or later (https://aka.ms/install-powershell) and import PantoQa there.'
    throw [System.Management.Automation.ErrorRecord]::new(
        [System.PlatformNotSupportedException]::new($problem), 'PowerShellVersionNotSupported', 'NotInstalled', "$version")
}
