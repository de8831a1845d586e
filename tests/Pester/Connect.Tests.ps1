BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    $script:emulator = Start-TestEmulator
    $script:key = Get-EmulatorKey
    $script:savedKey = $env:PANTO_API_KEY
    $script:savedBase = $env:PANTO_BASE_URI
}

AfterAll {
    Disconnect-PantoQa
    $env:PANTO_API_KEY = $script:savedKey
    $env:PANTO_BASE_URI = $script:savedBase
    $script:emulator | Stop-PantoEmulator
}

Describe 'Connect-PantoQa' {
    BeforeEach {
        Disconnect-PantoQa
        $env:PANTO_API_KEY = $null
        $env:PANTO_BASE_URI = $null
    }

    It 'accepts the key as <Kind>' -TestCases @(
        @{ Kind = 'a plain string'; Make = { param($k) $k } }
        @{ Kind = 'a SecureString'; Make = { param($k) ConvertTo-SecureString $k -AsPlainText -Force } }
        @{ Kind = 'a PSCredential'; Make = { param($k) [pscredential]::new('panto', (ConvertTo-SecureString $k -AsPlainText -Force)) } }
    ) {
        Connect-PantoQa -ApiKey (& $Make $script:key) -BaseUri $script:emulator.Url
        (Get-PantoTestRun testrun_01).id | Should -Be 'testrun_01'
    }

    It 'returns a connection object with a hint of the key, never the key' {
        $secret = 'emulator-key'
        $connection = Connect-PantoQa -ApiKey $secret -BaseUri $script:emulator.Url -MaxRetries 5 -TimeoutSec 7 -PassThru
        $connection.PSObject.TypeNames | Should -Contain 'PantoQa.PantoConnection'
        $connection.BaseUri | Should -Be ([uri] "$($script:emulator.Url)/")
        $connection.KeyHint | Should -Be '****-key'
        $connection.MaxRetries | Should -Be 5
        $connection.TimeoutSec | Should -Be 7
        ($connection | ConvertTo-Json) | Should -Not -Match $secret
        ($connection | Format-List * | Out-String) | Should -Not -Match $secret
        "$connection" | Should -Not -Match $secret
    }

    It 'writes nothing without -PassThru' {
        Connect-PantoQa -ApiKey $script:key -BaseUri $script:emulator.Url | Should -BeNullOrEmpty
    }

    It 'takes the key from PANTO_API_KEY when -ApiKey is left out' {
        $env:PANTO_API_KEY = $script:key
        $connection = Connect-PantoQa -BaseUri $script:emulator.Url -PassThru
        $connection.KeySource | Should -Be 'Environment'
        (Get-PantoTestRun testrun_01).id | Should -Be 'testrun_01'
    }

    It 'defaults to the public service, or PANTO_BASE_URI when set' {
        (Connect-PantoQa -ApiKey $script:key -PassThru).BaseUri | Should -Be ([uri] 'https://qa-app.getpanto.ai')
        $env:PANTO_BASE_URI = $script:emulator.Url
        (Connect-PantoQa -ApiKey $script:key -PassThru).BaseUri | Should -Be ([uri] "$($script:emulator.Url)/")
    }

    It 'accepts plain http to the loopback host <Uri>' -TestCases @(
        @{ Uri = 'http://127.0.0.1:9' }, @{ Uri = 'http://127.4.5.6:9' }, @{ Uri = 'http://localhost:9' }, @{ Uri = 'http://[::1]:9' }
    ) {
        (Connect-PantoQa -ApiKey $script:key -BaseUri $Uri -PassThru).BaseUri | Should -Be ([uri] $Uri)
    }

    It 'refuses plain http to <Uri> with a terminating InvalidArgument error' -TestCases @(
        @{ Uri = 'http://qa-app.getpanto.ai' }, @{ Uri = 'http://10.0.0.5' }, @{ Uri = 'ftp://127.0.0.1' }
    ) {
        $err = { Connect-PantoQa -ApiKey $script:key -BaseUri $Uri } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidConnectionSetting,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.ToString() | Should -Match 'https'
    }

    It 'rejects a key with a line break before sending it' {
        $before = @(Get-EmulatorRequests $script:emulator).Count
        $err = { Connect-PantoQa -ApiKey "emulator-key`r`nX-Injected: 1" -BaseUri $script:emulator.Url } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidApiKey,*'
        $err.ToString() | Should -Not -Match 'emulator-key'
        @(Get-EmulatorRequests $script:emulator).Count | Should -Be $before
    }

    It 'validates -MaxRetries and -TimeoutSec ranges' {
        { Connect-PantoQa -ApiKey $script:key -MaxRetries -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
        { Connect-PantoQa -ApiKey $script:key -TimeoutSec 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}

Describe 'Without a key' {
    It 'fails with a terminating error that says how to connect' {
        # A fresh, non-interactive process: no prompt can be answered there.
        $result = Invoke-FreshPwsh -Environment @{ PANTO_API_KEY = $null } -Script @"
Import-Module '$(Get-TestModulePath)'
try { Get-PantoTestRun testrun_01; 'no error' }
catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category; `$_.ToString() }
try { Connect-PantoQa; 'no error' }
catch { `$_.FullyQualifiedErrorId }
"@
        $result.Output[0] | Should -BeLike 'NoApiKey,*'
        $result.Output[1] | Should -Be 'AuthenticationError'
        $result.Output[2] | Should -Match 'Connect-PantoQa'
        $result.Output[2] | Should -Match 'PANTO_API_KEY'
        $result.Output[3] | Should -BeLike 'NoApiKey,*'
    }

    It 'uses PANTO_API_KEY and PANTO_BASE_URI without Connect-PantoQa' {
        $env:PANTO_API_KEY = $script:key
        $env:PANTO_BASE_URI = $script:emulator.Url
        Disconnect-PantoQa
        (Get-PantoTestRun testrun_01).id | Should -Be 'testrun_01'
    }
}

Describe 'Disconnect-PantoQa' {
    It 'forgets the key of the session' {
        $env:PANTO_API_KEY = $null
        Connect-PantoQa -ApiKey $script:key -BaseUri $script:emulator.Url
        (Get-PantoTestRun testrun_01).id | Should -Be 'testrun_01'
        Disconnect-PantoQa
        { Get-PantoTestRun testrun_01 } | Should -Throw -ErrorId 'NoApiKey,*'
    }
}
