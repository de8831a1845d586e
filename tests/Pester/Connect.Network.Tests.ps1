# Networks users have: an explicit proxy with credentials, and a User-Agent naming the module,
# PowerShell and the OS. Proxy credentials never reach any output stream.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'LoopbackProxy.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'
    $script:canary = 'proxy-canary-Zq7x2W'
    $script:credential = New-Object Management.Automation.PSCredential 'proxy-user', (ConvertTo-SecureString $script:canary -AsPlainText -Force)
    $script:basic = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes("proxy-user:$($script:canary)"))
}

AfterAll {
    Disconnect-PantoQa
    $script:emulator | Stop-PantoEmulator
}

Describe 'Connect-PantoQa -Proxy' {
    BeforeEach {
        $script:proxy = Start-LoopbackProxy
        $script:proxy.RequiredAuthorization = $script:basic
        $null = Invoke-Emulator -Emulator $script:emulator -Path '/_emulator/reset' -Method POST
    }

    AfterEach { $script:proxy.Dispose() }

    It 'sends every request through the proxy, with its credentials once it asks' {
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -Proxy $script:proxy.Url -ProxyCredential $script:credential
        (Get-PantoTestRun r1).id | Should -Be 'r1'
        (Get-PantoTriggerRuns t1 -Summary).status | Should -Be 'partially_passed'

        $script:proxy.Challenged | Should -BeGreaterThan 0
        $script:proxy.Forwarded | Should -Be 2
        @(Get-EmulatorRequests $script:emulator).Count | Should -Be 2
        Write-Host ('FIGURE proxy: 2 calls, {0} forwarded by the proxy, {1} challenged, {2} reached the emulator' -f $script:proxy.Forwarded, $script:proxy.Challenged, @(Get-EmulatorRequests $script:emulator).Count)
    }

    It 'without -Proxy does not use it' {
        Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url
        (Get-PantoTestRun r1).id | Should -Be 'r1'
        $script:proxy.Heads.Count | Should -Be 0
    }

    It 'refuses a proxy URI with user info, without quoting it' {
        { Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -Proxy "http://proxy-user:$($script:canary)@127.0.0.1:1" } |
            Should -Throw -ErrorId 'InvalidConnectionSetting,*'
        $Error[0].ToString() | Should -Not -Match $script:canary
        $Error[0].ToString() | Should -Match 'ProxyCredential'
    }

    It 'refuses -ProxyCredential without -Proxy, and with -ProxyUseDefaultCredentials' {
        { Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -ProxyCredential $script:credential } | Should -Throw -ErrorId 'InvalidConnectionSetting,*'
        { Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -Proxy $script:proxy.Url -ProxyCredential $script:credential -ProxyUseDefaultCredentials } |
            Should -Throw -ErrorId 'InvalidConnectionSetting,*'
    }

    It 'never writes the proxy password to any stream, the connection object or its JSON' {
        $all = & {
            $connection = Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -Proxy $script:proxy.Url -ProxyCredential $script:credential -PassThru -Verbose -Debug
            $connection | Format-List * | Out-String
            $connection | ConvertTo-Json
            "$connection"
            Get-PantoTestRun r1, no-such-run -Verbose -Debug -ErrorAction Continue
            Get-PantoTriggerRuns t1 -Verbose -Debug
            Wait-PantoTrigger t1 -PollInterval 1 -Verbose -Debug
        } *>&1 | Out-String
        $all | Should -Match 'r1'
        $all | Should -Match ([regex]::Escape($script:proxy.Url.Authority))
        $all | Should -Not -Match $script:canary
        $all | Should -Not -Match ([regex]::Escape($script:basic.Substring(6)))
    }
}

Describe 'User-Agent' {
    It 'names the module version, PowerShell version and OS on every request' {
        $proxy = Start-LoopbackProxy
        try {
            Connect-PantoQa -ApiKey (Get-EmulatorKey) -BaseUri $script:emulator.Url -Proxy $proxy.Url
            $null = Get-PantoTestRun r1
            $null = Wait-PantoTrigger t1 -PollInterval 1
            $heads = $proxy.Heads
        }
        finally { $proxy.Dispose() }
        $version = (Get-Module PantoQa).Version
        $expected = "PantoQa/$($version.Major).$($version.Minor).$($version.Build) PowerShell/$($PSVersionTable.PSVersion) ("
        $heads.Count | Should -Be 2
        foreach ($head in $heads) {
            $agent = @($head -split "`r`n" | Where-Object { $_ -like 'User-Agent:*' })
            $agent.Count | Should -Be 1
            $agent[0] | Should -BeLike "User-Agent: $expected*)"
            $agent[0] | Should -Match '\((Windows|Linux|macOS) [\d.]+\)$'
        }
        Write-Host "FIGURE user-agent: $($agent[0])"
    }
}
