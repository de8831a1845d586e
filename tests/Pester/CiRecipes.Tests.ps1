# The CI recipes in examples/ci (docs/ci.md): each one's PowerShell step runs, as written, against
# the emulator as a CI step, with the environment that CI would give it, and keeps its traps
# handled. The GitHub workflow passes the workflow schema.

BeforeDiscovery {
    $recipes = @(
        @{ Name = 'github-actions.yml'; Ci = 'GitHub Actions' }
        @{ Name = 'azure-pipelines.yml'; Ci = 'Azure Pipelines' }
        @{ Name = 'gitlab-ci.yml'; Ci = 'GitLab CI' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:recipeFolder = Join-Path $PSScriptRoot '../../examples/ci'
    $script:emulator = Start-TestEmulator -Arguments '--big-trigger-runs', '0'

    # The PowerShell the recipe's QA step runs: the block scalar that starts the flows, with the
    # indentation YAML gives it removed. GitLab's job shell is sh, so its step is the text of
    # the pwsh -Command '...' in that block.
    function Get-RecipeStep([string] $Yaml) {
        $lines = $Yaml -split '\r?\n'
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -notmatch '^(\s*)(-\s+)?([\w-]+:\s*)?\|\s*$') { continue }
            $owner = $lines[$i].Length - $lines[$i].TrimStart().Length
            $block = New-Object System.Collections.Generic.List[string]
            for ($j = $i + 1; $j -lt $lines.Count; $j++) {
                $line = $lines[$j]
                if ($line.Trim() -and ($line.Length - $line.TrimStart().Length) -le $owner) { break }
                $block.Add($line)
            }
            $text = $block -join "`n"
            if ($text -notmatch 'Start-PantoTestFlow') { continue }
            $indent = ($block | Where-Object { $_.Trim() } | ForEach-Object { $_.Length - $_.TrimStart().Length } | Measure-Object -Minimum).Minimum
            $script = ($block | ForEach-Object { if ($_.Length -ge $indent) { $_.Substring($indent) } else { $_.Trim() } }) -join "`n"
            $quoted = [regex]::Match($script, "(?s)-Command '(.*)'\s*$")
            if ($quoted.Success) { return $quoted.Groups[1].Value }
            return $script
        }
        throw 'No block in the recipe starts the flows.'
    }
}

AfterAll {
    $script:emulator | Stop-PantoEmulator
}

Describe 'The <Ci> recipe' -ForEach $recipes {
    BeforeAll {
        $script:yaml = Get-Content -Raw (Join-Path $script:recipeFolder $Name)
    }

    It 'starts, waits, writes both reports and then fails the step when a run failed' {
        $work = Join-Path ([IO.Path]::GetTempPath()) ('panto-recipe-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $work
        try {
            $step = Get-RecipeStep $script:yaml
            # The recipes poll every 30 s, as a real job should; the emulator's runs end in 4 s.
            $step = $step -replace '-PollInterval 30', '-PollInterval 1'
            $summary = Join-Path $work 'step-summary.md'
            $environment = @{
                PANTO_API_KEY                = Get-EmulatorKey
                PANTO_BASE_URI               = $script:emulator.Url
                PANTO_APP_ID                 = 'app_01'
                GITHUB_STEP_SUMMARY          = $summary
                COMMON_TESTRESULTSDIRECTORY  = $work
            }
            # The recipe's own step installed the module; here it is the one under test.
            $run = Invoke-CiStep -Environment $environment -Script "Import-Module '$(Get-TestModulePath)'`nSet-Location '$work'`n$step"
            $run.ExitCode | Should -Not -Be 0 -Because ($run.Output -join "`n")
            ($run.Output -join "`n") | Should -Match 'did not pass'

            [xml] $junit = Get-Content -Raw (Join-Path $work 'panto-junit.xml')
            @($junit.SelectNodes('//testcase')).Count | Should -Be 2
            @($junit.SelectNodes('//testcase[failure]')).Count | Should -Be 1
            $markdown = Get-ChildItem $work -Filter *.md | Get-Content -Raw
            $markdown | Should -Match 'Checkout regression'
            $markdown | Should -Match 'Assertion failed on checkout button'
        }
        finally {
            Remove-Item $work -Recurse -Force
        }
    }

    It 'gates on the report, not on the start, and takes the key only from the environment' {
        $step = Get-RecipeStep $script:yaml
        $step | Should -Match 'Export-PantoTestReport -JUnitPath \S+ -MarkdownPath .*-ErrorOnFailure'
        ($step -split 'Export-PantoTestReport')[0] | Should -Not -Match 'ErrorOnFailure'
        $script:yaml | Should -Not -Match '-ApiKey'
        $script:yaml | Should -Match 'PANTO_API_KEY'
    }
}

Describe 'The recipes keep their CI''s traps handled' {
    It 'GitHub: the publish step runs when the gate failed, and the workflow passes the schema' {
        $yaml = Get-Content -Raw (Join-Path $script:recipeFolder 'github-actions.yml')
        $yaml | Should -Match 'if: \$\{\{ !cancelled\(\) \}\}'
        $yaml | Should -Match 'checks: write'
        $validator = Join-Path $PSScriptRoot '../../node_modules/@action-validator/cli/cli.mjs'
        if (-not (Get-Command node -ErrorAction SilentlyContinue) -or -not (Test-Path $validator)) {
            Set-ItResult -Skipped -Because 'Node.js or @action-validator/cli is not installed here; install Node.js and run build.ps1 Test to validate the recipe (CI has them)'
            return
        }
        $output = & node $validator (Join-Path $script:recipeFolder 'github-actions.yml') 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
    }

    It 'Azure: PublishTestResults fails on failed tests and runs when the gate failed' {
        $yaml = Get-Content -Raw (Join-Path $script:recipeFolder 'azure-pipelines.yml')
        $yaml | Should -Match 'failTaskOnFailedTests: true'
        @([regex]::Matches($yaml, 'condition: succeededOrFailed\(\)')).Count | Should -Be 2
    }

    It 'GitLab: the report is uploaded from a failed job' {
        $yaml = Get-Content -Raw (Join-Path $script:recipeFolder 'gitlab-ci.yml')
        $yaml | Should -Match '(?m)^\s+when: always$'
        $yaml | Should -Match '(?m)^\s+junit: panto-junit\.xml$'
    }
}
