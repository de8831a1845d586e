# Fields the API adds after this version was built must reach the user, not be dropped. The
# emulator serves exactly the documented fields, so a tiny canned server stands in for a newer API.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force

    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
    $script:url = "http://127.0.0.1:$port"

    $run = '{"id":"new_01","created_at":"2026-05-21T10:30:00+02:00","test_framework":"appium","context_id":null,"env_id":null,' +
        '"build_file_id":null,"runner_create_timestamp":null,"runner_start_timestamp":null,"runner_end_timestamp":null,' +
        '"runner_status":"quarantined","remark":null,"test_run_name":"Future","test_flow_id":"f","test_suite_id":null,' +
        '"target_device_list":[{"platform":"android","device_name":"pixel 9","platform_version":"15","orientation":"portrait"}],' +
        '"trigger_id":"future","video_url":"https://example.test/v.mp4","retries":2,"labels":["smoke","nightly"],"owner":{"team":"checkout"}}'
    $script:bodies = @{
        '/api/v1/qa/external/test-run/new_01'            = "{`"test_run`":$run}"
        '/api/v1/qa/external/test-runs-by-trigger/future' = "{`"test_runs`":[$run],`"status`":`"in_process`",`"shard`":3}"
    }
    # A runspace of its own serves it (Windows PowerShell 5.1 has no Start-ThreadJob). GetContext
    # blocks where stopping the runspace cannot reach; the test stops the listener itself instead.
    $script:listener = [System.Net.HttpListener]::new()
    $script:listener.Prefixes.Add("$script:url/")
    $script:listener.Start()
    $script:server = [powershell]::Create()
    $null = $script:server.AddScript({
        param($listener, $bodies)
        while ($listener.IsListening) {
            try { $context = $listener.GetContext() } catch { break }
            $body = $bodies[$context.Request.Url.AbsolutePath]
            $context.Response.StatusCode = if ($body) { 200 } else { 404 }
            $context.Response.ContentType = 'application/json'
            $bytes = [Text.Encoding]::UTF8.GetBytes($(if ($body) { $body } else { '{"detail":"Test run not found"}' }))
            $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
            $context.Response.Close()
        }
    }.ToString()).AddArgument($script:listener).AddArgument($script:bodies)
    $script:serving = $script:server.BeginInvoke()
    Connect-PantoQa -ApiKey 'any-key-1234' -BaseUri $script:url
}

AfterAll {
    Disconnect-PantoQa
    $script:listener.Stop()
    $null = $script:serving.AsyncWaitHandle.WaitOne(5000)
    $script:server.Dispose()
}

Describe 'A newer API' {
    It 'keeps unknown run fields as properties' {
        $run = Get-PantoTestRun new_01
        $run.PSObject.TypeNames | Should -Contain 'PantoQa.TestRun'
        $run.video_url | Should -Be 'https://example.test/v.mp4'
        $run.retries | Should -Be 2
        $run.labels | Should -Be @('smoke', 'nightly')
        $run.owner.team | Should -Be 'checkout'
    }

    It 'keeps unknown device fields as properties' {
        (Get-PantoTestRun new_01).target_device_list[0].orientation | Should -Be 'portrait'
    }

    It 'keeps unknown fields of the runs inside a trigger result, as of a run on its own' {
        $nested = (Get-PantoTriggerRuns future -Summary).test_runs[0]
        $nested.PSObject.TypeNames | Should -Contain 'PantoQa.TestRun'
        $nested.video_url | Should -Be 'https://example.test/v.mp4'
        $nested.retries | Should -Be 2
        $nested.labels | Should -Be @('smoke', 'nightly')
        $nested.owner.team | Should -Be 'checkout'
        $nested.target_device_list[0].orientation | Should -Be 'portrait'
        @((Get-PantoTriggerRuns future -Summary).test_runs | Where-Object retries -EQ 2).id | Should -Be 'new_01'
    }

    It 'shows them in ConvertTo-Json beside the documented fields' {
        $json = Get-PantoTestRun new_01 | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json.video_url | Should -Be 'https://example.test/v.mp4'
        $json.owner.team | Should -Be 'checkout'
        $json.test_run_name | Should -Be 'Future'
    }

    It 'passes an unlisted runner_status through unchanged and counts it as still running' {
        (Get-PantoTestRun new_01).runner_status | Should -Be 'quarantined'
        $summary = Get-PantoTriggerRuns future -Summary
        $summary.in_process | Should -Be 1
        $summary.shard | Should -Be 3
    }

    It 'normalises timestamps with an offset to UTC' {
        $created = (Get-PantoTestRun new_01).created_at
        $created.Kind | Should -Be 'Utc'
        $created | Should -Be ([datetime]::new(2026, 5, 21, 8, 30, 0, [DateTimeKind]::Utc))
    }
}
