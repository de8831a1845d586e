# The emulator as users get it: the .NET tool package installed with dotnet tool install, and
# the container image's Dockerfile.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    Import-Module (Join-Path $RepoRoot 'tools/BuildTools.psm1') -Force
    Import-Module (Join-Path $RepoRoot 'tools/EmulatorProcess.psm1') -Force
    $Version = Get-ModuleVersion -Root $RepoRoot
    $Project = Join-Path $RepoRoot 'src/PantoQa.Emulator/PantoQa.Emulator.csproj'
    [xml] $ProjectXml = Get-Content -Raw $Project
    $TargetFramework = @($ProjectXml.Project.PropertyGroup | ForEach-Object { $_.TargetFramework } | Where-Object { $_ })[0]
}

Describe 'The emulator tool package' -Tag 'Package' {
    BeforeAll {
        $Work = Join-Path ([IO.Path]::GetTempPath()) "pantoqa-tool-$([guid]::NewGuid().ToString('N'))"
        $Feed = Join-Path $Work 'feed'
        $ToolPath = Join-Path $Work 'tools'
        $null = New-Item -ItemType Directory -Path $Feed, $ToolPath

        $Package = New-TestToolPackage -Destination $Feed

        # Only the local feed: the install must work offline and must not pick up a published copy.
        $config = Join-Path $Work 'nuget.config'
        Set-Content -Path $config -Value @"
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$Feed" />
  </packageSources>
</configuration>
"@
        $install = & dotnet tool install PantoQa.Emulator --version $Version --tool-path $ToolPath --configfile $config 2>&1
        $InstallExitCode = $LASTEXITCODE
        $InstallOutput = $install -join "`n"
        $Command = Join-Path $ToolPath $(if ([IO.Path]::DirectorySeparatorChar -eq '\') { 'panto-emulator.exe' } else { 'panto-emulator' })

        Add-Type -AssemblyName System.IO.Compression.FileSystem, System.Net.Http
        function Read-PackageEntry {
            param([Parameter(Mandatory)][string] $Name)
            $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
            try {
                $entry = $zip.Entries | Where-Object FullName -Like $Name | Select-Object -First 1
                if (-not $entry) { throw "$Package has no $Name." }
                $reader = [IO.StreamReader]::new($entry.Open())
                try { $reader.ReadToEnd() } finally { $reader.Dispose() }
            }
            finally { $zip.Dispose() }
        }
    }

    AfterAll {
        if ($Work) { Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'is a DotnetTool package of the repository''s version, command panto-emulator' {
        [xml] $nuspec = Read-PackageEntry 'PantoQa.Emulator.nuspec'
        $nuspec.package.metadata.id | Should -Be 'PantoQa.Emulator'
        $nuspec.package.metadata.version | Should -Be $Version
        $nuspec.package.metadata.packageTypes.packageType.name | Should -Be 'DotnetTool'
        [xml] $settings = Read-PackageEntry "tools/$TargetFramework/any/DotnetToolSettings.xml"
        $settings.DotNetCliTool.Commands.Command.Name | Should -Be 'panto-emulator'
        $settings.DotNetCliTool.Commands.Command.EntryPoint | Should -Be 'PantoQa.Emulator.dll'
    }

    It 'names the framework it needs, and may roll forward to a newer major' {
        $runtime = (Read-PackageEntry "tools/$TargetFramework/any/PantoQa.Emulator.runtimeconfig.json" | ConvertFrom-Json).runtimeOptions
        $runtime.tfm | Should -Be $TargetFramework
        @($runtime.frameworks | ForEach-Object name) | Should -Contain 'Microsoft.AspNetCore.App'
        $runtime.rollForward | Should -Be 'Major'
    }

    It 'holds under tools/ only what the tool runs: no symbols, web.config or static web assets manifest' {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try { $tools = @($zip.Entries | ForEach-Object FullName | Where-Object { $_ -like 'tools/*' }) }
        finally { $zip.Dispose() }
        $tools | Should -Contain "tools/$TargetFramework/any/PantoQa.Emulator.dll"
        @($tools | Where-Object { $_ -like '*.pdb' -or $_ -like '*/web.config' -or $_ -like '*staticwebassets*' }) | Should -BeNullOrEmpty
    }

    It 'installs with dotnet tool install --tool-path from a local feed' {
        $InstallExitCode | Should -Be 0 -Because $InstallOutput
        $Command | Should -Exist
    }

    It 'starts as panto-emulator, announces where it listens and answers the documented 401 body' {
        $emulator = Start-PantoEmulator -Executable $Command -Arguments '--big-trigger-runs', '0'
        try {
            $emulator.Url | Should -Match '^http://127\.0\.0\.1:\d+$'
            $client = [System.Net.Http.HttpClient]::new()
            try {
                $noKey = $client.GetAsync("$($emulator.Url)/api/v1/qa/external/test-run/testrun_01").GetAwaiter().GetResult()
                [int] $noKey.StatusCode | Should -Be 401
                $noKey.Content.ReadAsStringAsync().GetAwaiter().GetResult() | Should -BeExactly '{"error":"Invalid or expired API key"}'

                # The default scenario, as from the repository's build.
                $request = [System.Net.Http.HttpRequestMessage]::new('GET', "$($emulator.Url)/api/v1/qa/external/test-run/testrun_01")
                $request.Headers.Add('X-PANTO-API-KEY', (Get-EmulatorKey))
                $withKey = $client.SendAsync($request).GetAwaiter().GetResult()
                [int] $withKey.StatusCode | Should -Be 200
                ($withKey.Content.ReadAsStringAsync().GetAwaiter().GetResult() | ConvertFrom-Json).test_run.id | Should -Be 'testrun_01'
            }
            finally { $client.Dispose() }
        }
        finally { $emulator | Stop-PantoEmulator }
    }

    It 'runs the README''s offline test example as written: ops script, scenario and Pester test' {
        # The section's first three code blocks, each named by its first line, as a user would save them.
        $readme = Get-Content -Raw (Join-Path $RepoRoot 'README.md')
        $section = [regex]::Match($readme, '(?s)## Test your scripts offline(.*?)\n## ').Groups[1].Value
        $blocks = @([regex]::Matches($section, '(?s)```\w+\r?\n(.*?)```') | Select-Object -First 3)
        $blocks.Count | Should -Be 3
        # A free port rather than the README's 5080, which another run on this machine may hold.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        foreach ($block in $blocks) {
            $text = $block.Groups[1].Value
            $name = ($text -split '\r?\n')[0] -replace '^(#|//)\s*', ''
            $path = Join-Path $Work "user/$name"
            $null = New-Item -ItemType Directory -Force -Path (Split-Path $path)
            Set-Content -Path $path -Value ($text -replace '127\.0\.0\.1:5080', "127.0.0.1:$port")
        }

        $script = @'
$ErrorActionPreference = 'Stop'
Import-Module $env:PANTOQA_TEST_PESTER
Set-Location $env:PANTOQA_TEST_USER
$result = Invoke-Pester -Path ./tests -PassThru -Output None
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount } | ConvertTo-Json -Compress
'@
        # The installed tool on PATH, as dotnet tool install --global puts it there.
        $result = Invoke-FreshPwsh -Script $script -Environment @{
            PANTOQA_TEST_PESTER = (Get-Module Pester).Path
            PANTOQA_TEST_USER   = (Join-Path $Work 'user')
            PATH                = $ToolPath + [IO.Path]::PathSeparator + $env:PATH
            PSModulePath        = (Split-Path (Get-TestModulePath)) + [IO.Path]::PathSeparator + $env:PSModulePath
        }
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $counts = $result.Output | Where-Object { $_ -like '{*' } | Select-Object -Last 1 | ConvertFrom-Json
        $counts.Failed | Should -Be 0 -Because ($result.Output -join "`n")
        $counts.Passed | Should -Be 3
    }

    It 'lists its options with --help' {
        $help = & $Command --help
        $LASTEXITCODE | Should -Be 0
        $help[0] | Should -Be 'Usage: panto-emulator [options]'
        foreach ($option in '--urls', '--scenario', '--fault-rate', '--fault-kinds', '--request-log') {
            ($help -match "^\s+$option\s") | Should -Not -BeNullOrEmpty -Because "--help should list $option"
        }
    }
}

Describe 'The emulator Dockerfile' -Tag 'Package' {
    BeforeAll {
        $Dockerfile = Join-Path $RepoRoot 'src/PantoQa.Emulator/Dockerfile'
        # Instructions with their continuation lines joined, comments left out.
        $Instructions = @(((Get-Content -Raw $Dockerfile) -replace '\\\r?\n', ' ') -split '\r?\n' |
                Where-Object { $_ -match '^\s*[A-Z]+\s' } | ForEach-Object { $_.Trim() })
        $lastFrom = ($Instructions | Select-String -Pattern '^FROM\s' | Select-Object -Last 1).LineNumber
        $Final = @($Instructions | Select-Object -Skip ($lastFrom - 1))
        $Exposed = @($Final | Where-Object { $_ -match '^EXPOSE\s+(\d+)' } | ForEach-Object { [int] ($_ -replace '^EXPOSE\s+(\d+).*', '$1') })
        $EntryPoint = @($Final | Where-Object { $_ -like 'ENTRYPOINT *' })
    }

    It 'runs on the official ASP.NET runtime image of the target framework' {
        $major = $TargetFramework -replace '^net(\d+)\.\d+$', '$1'
        $Final[0] | Should -Match "^FROM mcr\.microsoft\.com/dotnet/aspnet:$major\.0(\s|$)"
    }

    It 'runs as a user that is not root' {
        $users = @($Final | Where-Object { $_ -like 'USER *' })
        $users.Count | Should -BeGreaterThan 0
        ($users[-1] -split '\s+')[1] | Should -Not -BeIn @('root', '0', '0:0')
    }

    It 'exposes the one port the entry point listens on, on every interface' {
        $Exposed.Count | Should -Be 1
        $EntryPoint.Count | Should -Be 1
        $EntryPoint[0] | Should -Match "--urls http://0\.0\.0\.0:$($Exposed[0])\b"
    }

    It 'starts the assembly the emulator project builds' {
        $EntryPoint[0] | Should -Match 'dotnet /app/PantoQa\.Emulator\.dll '
        Join-Path $RepoRoot 'out/emulator/PantoQa.Emulator.dll' | Should -Exist
        $Final | Should -Contain 'WORKDIR /app'
    }

    It 'copies only paths that exist in the repository' {
        foreach ($copy in $Instructions | Where-Object { $_ -like 'COPY *' -and $_ -notlike 'COPY --from=*' }) {
            $sources = @(($copy -split '\s+') | Select-Object -Skip 1 | Select-Object -SkipLast 1)
            foreach ($source in $sources) { Join-Path $RepoRoot $source | Should -Exist }
        }
    }
}
