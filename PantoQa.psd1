@{
    # PowerShell 7 loads the net8.0 build, whose dependencies live in a load context of their
    # own; Windows PowerShell 5.1 loads the netstandard2.0 build.
    RootModule             = if ($PSEdition -eq 'Core') { 'core/PantoQa.dll' } else { 'desktop/PantoQa.dll' }

    # Imported before the root module's cmdlets: it stops the import on PowerShell 7.0 to 7.3,
    # which cannot load the net8.0 build, with a message that names 7.4. It exports nothing here.
    NestedModules          = @('PantoQa.HostCheck.psm1')

    # build.ps1 stamps the version from Directory.Build.props into the shipped copy.
    ModuleVersion          = '0.0.0'
    GUID                   = '6d16dbca-4e49-4779-bd4a-c542c641ba9f'
    Author                 = 'PantoQa contributors'
    CompanyName            = 'PantoQa'
    Copyright              = '(c) PantoQa contributors. MIT License.'
    Description            = 'Cmdlets for the Panto QA external Test Runs API: start test flows and suites of a build on devices, wait for their triggers to finish and fail a CI step on failure, get test runs by id or by trigger, and write the results as JUnit XML or Markdown reports. An emulator of the API for offline scripts and tests is a separate package: PantoQa.Emulator, the .NET tool panto-emulator.'

    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'

    FormatsToProcess       = @('PantoQa.format.ps1xml')

    CmdletsToExport        = @(
        'Connect-PantoQa'
        'Disconnect-PantoQa'
        'Export-PantoTestReport'
        'Get-PantoTestRun'
        'Get-PantoTriggerRuns'
        'Restart-PantoTestRun'
        'Start-PantoTestFlow'
        'Start-PantoTestSuite'
        'Wait-PantoTrigger'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()

    PrivateData            = @{
        PSData = @{
            Tags         = @('Panto', 'PantoQA', 'QA', 'Testing', 'MobileTesting', 'CI', 'Appium', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/pantoqa/PantoQa/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/pantoqa/PantoQa'
            ReleaseNotes = 'See CHANGELOG.md: https://github.com/pantoqa/PantoQa/blob/main/CHANGELOG.md'
        }
    }
}
