# Helpers for build.ps1. Kept apart so build.ps1 reads as the list of tasks.

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'ReleaseTools.psm1')
Import-Module (Join-Path $PSScriptRoot 'TestResults.psm1')

function Invoke-Native {
    <#
    .SYNOPSIS
        Runs a program and fails the build when it fails: Invoke-Native dotnet build ... -v:minimal
    .NOTES
        A plain function on purpose: an advanced one (any [Parameter]) has -Verbose, which takes
        dotnet's -v:minimal for itself and fails the call. A plain one receives -v:minimal split
        into '-v:' and 'minimal', so such pairs are joined back before the program sees them.
    #>
    $command = $args[0]
    $arguments = [System.Collections.Generic.List[string]]::new()
    for ($i = 1; $i -lt $args.Count; $i++) {
        if ($args[$i] -match '^--?[^:\s]+:$' -and $i + 1 -lt $args.Count) { $arguments.Add($args[$i] + $args[++$i]) }
        else { $arguments.Add($args[$i]) }
    }
    & $command @arguments
    if ($LASTEXITCODE -ne 0) { throw "$command $($arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-ModuleVersion {
    param([Parameter(Mandatory)][string] $Root)
    [xml] $props = Get-Content -Raw (Join-Path $Root 'Directory.Build.props')
    return [string] ($props.Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1)
}

function Get-PesterVersion {
    param([Parameter(Mandatory)][string] $Root)
    [xml] $project = Get-Content -Raw (Join-Path $Root 'tools/TestDependencies/TestDependencies.csproj')
    $download = $project.Project.ItemGroup.PackageDownload | Where-Object Include -EQ 'Pester'
    return $download.Version.Trim('[', ']')
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    return Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
}

function Test-TestDependenciesRestored {
    <# True when every PackageDownload of the project (Pester, the coexistence tests' Polly) is in the NuGet cache. #>
    param([Parameter(Mandatory)][string] $Project)
    [xml] $document = Get-Content -Raw $Project
    $packages = Get-NuGetPackageRoot
    foreach ($download in $document.Project.ItemGroup.PackageDownload) {
        $folder = Join-Path $packages "$($download.Include.ToLowerInvariant())/$($download.Version.Trim('[', ']'))"
        if (-not (Test-Path $folder)) { return $false }
    }
    return $true
}

function Get-PwshCommand {
    <# The command line that starts a fresh PowerShell of the same kind as this one. #>
    # Desktop first: .NET Framework has no Environment.ProcessPath, and strict mode would throw.
    if ($PSEdition -eq 'Desktop') { return , @((Join-Path $PSHOME 'powershell.exe')) }
    $process = [Environment]::ProcessPath  # PS7-only: Desktop has returned above
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        # The pinned local dotnet tool: dotnet runs pwsh.dll.
        return , @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return , @($process)
}

function Copy-Folder {
    param([Parameter(Mandatory)][string] $Source, [Parameter(Mandatory)][string] $Destination)
    if (Test-Path $Destination) { Remove-Item $Destination -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $Destination
    Copy-Item -Path (Join-Path $Source '*') -Destination $Destination -Recurse
}

function Build-ModuleFolder {
    <#
    .SYNOPSIS
        Assembles the shipped module: the stamped manifest, formats, help, and one folder per
        PowerShell edition holding the cmdlet assembly with its private dependencies beside it.
    #>
    param(
        [Parameter(Mandatory)][string] $Root,
        [Parameter(Mandatory)][string] $Configuration,
        [Parameter(Mandatory)][string] $Destination,
        [Parameter(Mandatory)][string] $Version
    )
    if (Test-Path $Destination) { Remove-Item $Destination -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $Destination

    $stamped = Set-ManifestVersion -Text (Get-Content -Raw (Join-Path $Root 'PantoQa.psd1')) -Version $Version
    Set-Content -Path (Join-Path $Destination 'PantoQa.psd1') -Value $stamped -NoNewline

    $moduleSources = Join-Path $Root 'src/PantoQa.Module'
    foreach ($file in 'PantoQa.format.ps1xml', 'PantoQa.HostCheck.psm1') { Copy-Item (Join-Path $moduleSources $file) $Destination }
    foreach ($file in 'LICENSE', 'CHANGELOG.md') {
        $path = Join-Path $Root $file
        if (Test-Path $path) { Copy-Item $path $Destination }
    }
    $help = Join-Path $moduleSources 'help'
    if (Test-Path $help) {
        Import-Module (Join-Path $Root 'tools/HelpBuilder.psm1') -Force
        Build-ModuleHelp -Source $help -Destination (Join-Path $Destination 'en-US')
    }

    # Only what the runtime does not provide ships, and never PowerShell's own assemblies.
    $notShipped = @('PantoQa.dll', 'System.Management.Automation.dll', 'Microsoft.PowerShell.*.dll')
    foreach ($edition in @(@{ Tfm = 'net8.0'; Folder = 'core' }, @{ Tfm = 'netstandard2.0'; Folder = 'desktop' })) {
        $bin = Join-Path $Root "src/PantoQa.Cmdlets/bin/$Configuration/$($edition.Tfm)"
        $target = Join-Path $Destination $edition.Folder
        $dependencies = Join-Path $target 'dependencies'
        $null = New-Item -ItemType Directory -Path $dependencies -Force
        Copy-Item (Join-Path $bin 'PantoQa.dll') $target
        Get-ChildItem $bin -Filter *.dll | Where-Object {
            $name = $_.Name
            -not ($notShipped | Where-Object { $name -like $_ })
        } | Copy-Item -Destination $dependencies
    }
}

function Install-NodeTestDependencies {
    <#
    .SYNOPSIS
        Installs package-lock.json's test tools (the workflow validator, the JUnit schema) with
        npm ci, unless node_modules already holds exactly those versions. Without npm the tests
        that need them skip with that reason, so only the .NET SDK is required.
    #>
    param([Parameter(Mandatory)][string] $Root)
    if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
        Write-Warning 'npm is not on PATH: the workflow schema and JUnit.xsd checks will be skipped. Install Node.js to run them.'
        return
    }
    if (Test-NodeModulesCurrent -Root $Root) { return }
    Push-Location $Root
    try { Invoke-Native npm ci --no-audit --no-fund --ignore-scripts }
    finally { Pop-Location }
}

function Test-NodeModulesCurrent {
    <# True when node_modules holds exactly the versions package-lock.json names. #>
    param([Parameter(Mandatory)][string] $Root)
    # The root package's key is "", which ConvertFrom-Json refuses without -AsHashtable (PowerShell 7 only).
    $lock = (Get-Content -Raw (Join-Path $Root 'package-lock.json')) -replace '"":', '"(root)":' | ConvertFrom-Json
    foreach ($package in $lock.packages.PSObject.Properties | Where-Object Name -Like 'node_modules/*') {
        $manifest = Join-Path $Root "$($package.Name)/package.json"
        if (-not (Test-Path $manifest)) { return $false }
        if ((Get-Content -Raw $manifest | ConvertFrom-Json).version -ne $package.Value.version) { return $false }
    }
    $true
}

function Publish-ModulePackage {
    <#
    .SYNOPSIS
        Publishes the assembled module to a throwaway local repository and leaves the package
        at <Destination>/PantoQa.<version>.nupkg, the file Install-PSResource and the Gallery
        take.
    .DESCRIPTION
        Publishing, rather than zipping the folder by hand, runs the same manifest checks and
        writes the same nuspec as a publish to the Gallery would. The package's manifest gets
        the command discovery tags on the way, so Find-Command finds every exported cmdlet.
    #>
    param([Parameter(Mandatory)][string] $ModulePath, [Parameter(Mandatory)][string] $Destination)
    $name = Split-Path $ModulePath -Leaf
    Import-Module Microsoft.PowerShell.PSResourceGet

    # PSResourceGet keeps its repository list under LocalApplicationData and cannot register a
    # repository while that folder is missing, as it can be for a new user or a CI container.
    $null = New-Item -ItemType Directory -Force -Path ([Environment]::GetFolderPath('LocalApplicationData', 'DoNotVerify'))

    # A unique name and folder: builds running side by side must not publish into each other's
    # repository, and the user's own registrations stay as they were.
    $id = [guid]::NewGuid().ToString('N')
    $repositoryName = "PantoQaBuild-$id"
    $repositoryPath = Join-Path $Destination "publish-$id"
    $staged = Join-Path $Destination "stage-$id/$name"
    $null = New-Item -ItemType Directory -Force -Path $repositoryPath
    try {
        Copy-Folder -Source $ModulePath -Destination $staged
        $manifest = Join-Path $staged "$name.psd1"
        Add-CommandDiscoveryTag -ManifestPath $manifest
        $version = Get-PackageVersion -ManifestPath $manifest
        Register-PSResourceRepository -Name $repositoryName -Uri $repositoryPath -Trusted
        Publish-PSResource -Path $staged -Repository $repositoryName
        $package = Join-Path $Destination "$name.$version.nupkg"
        Move-Item -Path (Join-Path $repositoryPath "$name.$version.nupkg") -Destination $package -Force
    }
    finally {
        Unregister-PSResourceRepository -Name $repositoryName -ErrorAction SilentlyContinue
        Remove-Item $repositoryPath, (Split-Path $staged) -Recurse -Force -ErrorAction SilentlyContinue
    }
    Write-Host "Package $package"
}

Export-ModuleMember -Function Invoke-Native, Get-ModuleVersion, Get-PesterVersion, Get-NuGetPackageRoot, Test-TestDependenciesRestored, Get-PwshCommand, Copy-Folder, Build-ModuleFolder, Install-NodeTestDependencies, Publish-ModulePackage
